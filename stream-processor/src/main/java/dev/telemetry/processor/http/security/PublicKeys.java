package dev.telemetry.processor.http.security;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo, what {@code openssl pkey -pubout} writes), RSA or
 * EC. The JDK does this without an extra library; certificates and private keys are refused with a hint.
 */
final class PublicKeys {

    static final int MIN_RSA_BITS = 2048;
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private PublicKeys() {
    }

    /** @throws IllegalArgumentException saying what the text is instead of an RSA or EC public key */
    static PublicKey fromPem(String pem) {
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            String hint = pem.contains("PRIVATE KEY") ? " (this is a private key: give the processor only the public"
                    + " half, openssl pkey -in key.pem -pubout)" : pem.contains("CERTIFICATE")
                    ? " (this is a certificate: extract its key, openssl x509 -in cert.pem -pubkey -noout)" : "";
            throw new IllegalArgumentException("expected a PEM block " + BEGIN + hint);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block is not valid base64", e);
        }
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(spec);
                if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                    throw new IllegalArgumentException("an RSA key of " + rsa.getModulus().bitLength()
                            + " bits is too weak; at least " + MIN_RSA_BITS);
                }
                return key;
            } catch (InvalidKeySpecException e) {
                // try the next algorithm
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has " + algorithm, e);
            }
        }
        throw new IllegalArgumentException("the PEM block is neither an RSA nor an EC public key");
    }
}
