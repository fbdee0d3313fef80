package dev.telemetry.net;

import dev.telemetry.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * Certificates and private keys from PEM files, in every form openssl writes: {@code CERTIFICATE}
 * chains, PKCS#8 {@code PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}
 * (after an optional {@code EC PARAMETERS} block), and their encrypted variants. Keys are converted
 * with the JDK's own providers; BouncyCastle is only used to parse and decrypt, never registered.
 * Every error names the option that gave the file.
 */
final class PemReader {

    private PemReader() {
    }

    /** The certificates of a PEM file, in file order (a chain: leaf first). */
    static List<X509Certificate> certificates(Path file, String option) {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object o : objects(file, option)) {
            if (o instanceof X509CertificateHolder holder) {
                try {
                    out.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new ConfigException(option + "=" + file + " holds a certificate the JDK cannot read: "
                            + e.getMessage(), e);
                }
            }
        }
        if (out.isEmpty()) {
            throw new ConfigException(option + "=" + file + " holds no PEM certificate (a block starting with"
                    + " -----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /**
     * The one private key of a PEM file.
     *
     * @param password       for an encrypted key, or null
     * @param passwordOption the option that gives the password, for messages
     */
    static PrivateKey privateKey(Path file, String option, String password, String passwordOption) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        List<PrivateKey> keys = new ArrayList<>();
        for (Object o : objects(file, option)) {
            PrivateKeyInfo info;
            if (o instanceof PEMKeyPair pair) {
                // PKCS#1 or SEC1; the public half may be absent, so only the private part is converted
                info = pair.getPrivateKeyInfo();
            } else if (o instanceof PrivateKeyInfo plain) {
                info = plain;
            } else if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                info = decrypt(file, option, password, passwordOption, pw -> encrypted.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(new BouncyCastleProvider())
                                .build(pw)));
            } else if (o instanceof PEMEncryptedKeyPair encrypted) {
                info = decrypt(file, option, password, passwordOption, pw -> encrypted.decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(new BouncyCastleProvider()).build(pw))
                        .getPrivateKeyInfo());
            } else {
                continue; // certificates, EC PARAMETERS
            }
            try {
                keys.add(converter.getPrivateKey(info));
            } catch (PEMException e) {
                throw new ConfigException(option + "=" + file + " holds a private key the JDK cannot use: "
                        + e.getMessage(), e);
            }
        }
        if (keys.size() != 1) {
            throw new ConfigException(option + "=" + file + " must hold exactly one PEM private key (PRIVATE KEY,"
                    + " RSA PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY), found " + keys.size());
        }
        return keys.get(0);
    }

    private interface Decryption {
        PrivateKeyInfo apply(char[] password) throws PKCSException, OperatorCreationException, IOException;
    }

    private static PrivateKeyInfo decrypt(Path file, String option, String password, String passwordOption,
            Decryption decryption) {
        char[] pw = requirePassword(file, option, password, passwordOption);
        try {
            return decryption.apply(pw);
        } catch (PKCSException | OperatorCreationException | IOException e) {
            throw new ConfigException(option + "=" + file + " cannot be decrypted with " + passwordOption
                    + " (wrong password?): " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
    }

    private static char[] requirePassword(Path file, String option, String password, String passwordOption) {
        if (password == null) {
            throw new ConfigException(option + "=" + file + " holds an encrypted private key: set " + passwordOption);
        }
        return password.toCharArray();
    }

    private static List<Object> objects(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(option + "=" + file + ": no such file");
        }
        List<Object> out = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                out.add(o);
            }
        } catch (IOException e) {
            // also malformed PEM: PEMParser throws PEMException (an IOException) on bad base64 or DER
            throw new ConfigException(option + "=" + file + " cannot be read as PEM: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        return out;
    }
}
