package dev.telemetry.processor.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.telemetry.model.Json;
import dev.telemetry.processor.http.security.ApiSecurity;
import dev.telemetry.processor.http.security.ApiSecurityConfig;
import dev.telemetry.processor.http.security.AuthMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer-token authorization of the API on a real server: static tokens from a file (stored as SHA-256) and JWTs
 * signed by a configured RSA key, scopes per route, open probes, and the caller's token on forwarded requests.
 */
class ApiAuthTest {

    static final String READER = "reader-token-0123456789abcdef";
    static final String WRITER = "writer-token-0123456789abcdef";
    static final String ISSUER = "https://idp.example.com";
    static final String AUDIENCE = "telemetry-api";
    private static final String RULE = """
            {"metric": "temperature", "condition": {"type": "above", "threshold": 80}}""";

    private static KeyPair idp;
    private static KeyPair stranger;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<SecuredInstance> instances = new java.util.ArrayList<>();
    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        idp = rsa.generateKeyPair();
        stranger = rsa.generateKeyPair();
    }

    @AfterEach
    void stop() {
        instances.forEach(SecuredInstance::close);
    }

    /** Tokens file with a hashed reader and a plain writer; JWTs of {@link #idp} for {@link #ISSUER}/{@link #AUDIENCE}. */
    ApiSecurity security(List<String> origins) throws Exception {
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, String.join("\n",
                "# API tokens",
                "sha256:" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(READER.getBytes(java.nio.charset.StandardCharsets.UTF_8))) + "  read  # dashboards",
                WRITER + "  read,write  # ops"));
        Path key = dir.resolve("idp.pem");
        Files.writeString(key, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(idp.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        return ApiSecurity.load(new ApiSecurityConfig(AuthMode.REQUIRED, tokens, key, ISSUER, AUDIENCE,
                Duration.ofSeconds(30), origins));
    }

    SecuredInstance start(String prefix, int partition, ApiSecurity security) {
        SecuredInstance instance = new SecuredInstance(prefix, partition).start(security);
        instances.add(instance);
        return instance;
    }

    SecuredInstance secured() throws Exception {
        return start("a-", 0, security(List.of()));
    }

    @Test
    void shouldAnswer401WithWwwAuthenticateWithoutAToken() throws Exception {
        SecuredInstance a = secured();

        HttpResponse<String> r = get(a, "/api/v1/devices/a-1", null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(json(r).get("error").asText()).isEqualTo("unauthorized");
        assertThat(json(r).get("message").asText()).contains("Authorization: Bearer");
    }

    @Test
    void shouldAnswer401ToAnUnknownOrMalformedTokenWithoutEchoingIt() throws Exception {
        SecuredInstance a = secured();
        String guess = "guessed-token-0123456789abcdef";

        HttpResponse<String> unknown = get(a, "/api/v1/devices/a-1", "Bearer " + guess);
        HttpResponse<String> basic = get(a, "/api/v1/devices/a-1", "Basic " + guess);
        HttpResponse<String> empty = get(a, "/api/v1/devices/a-1", "Bearer ");

        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer realm=\"telemetry\", error=\"invalid_token\"");
        assertThat(unknown.body()).doesNotContain(guess).contains("neither a known API token nor a JWT");
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.body()).doesNotContain(guess).contains("'Bearer <token>'");
        assertThat(empty.statusCode()).isEqualTo(401);
    }

    @Test
    void shouldAcceptAHashedStaticTokenAndAPlainOne() throws Exception {
        SecuredInstance a = secured();

        assertThat(get(a, "/api/v1/devices/a-1", "Bearer " + READER).statusCode()).isEqualTo(200);
        assertThat(get(a, "/api/v1/devices/a-1", "bearer " + WRITER).statusCode()).isEqualTo(200);
        assertThat(get(a, "/api/v1/rules", "Bearer " + READER).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer403ToAReadTokenChangingARule() throws Exception {
        SecuredInstance a = secured();

        HttpResponse<String> put = send(a, "PUT", "/api/v1/rules/hot", "Bearer " + READER, RULE);
        HttpResponse<String> delete = send(a, "DELETE", "/api/v1/rules/hot", "Bearer " + READER, null);
        HttpResponse<String> written = send(a, "PUT", "/api/v1/rules/hot", "Bearer " + WRITER, RULE);

        assertThat(put.statusCode()).isEqualTo(403);
        assertThat(json(put).get("error").asText()).isEqualTo("forbidden");
        assertThat(json(put).get("message").asText()).contains("dashboards", "lacks scope write");
        assertThat(put.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).contains("insufficient_scope", "scope=\"write\""));
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(written.statusCode()).isEqualTo(201);
        assertThat(a.rules).containsOnlyKeys("hot");
    }

    @Test
    void shouldAcceptAValidJwtWithItsScopes() throws Exception {
        SecuredInstance a = secured();
        String reader = jwt(idp, claims().claim("scope", "openid read profile"));
        String writer = jwt(idp, claims().claim("scp", List.of("read", "write")));

        assertThat(get(a, "/api/v1/devices/a-1", "Bearer " + reader).statusCode()).isEqualTo(200);
        assertThat(send(a, "PUT", "/api/v1/rules/hot", "Bearer " + reader, RULE).statusCode()).isEqualTo(403);
        assertThat(send(a, "PUT", "/api/v1/rules/hot", "Bearer " + writer, RULE).statusCode()).isEqualTo(201);
    }

    @Test
    void shouldRejectExpiredNotYetValidAndForeignJwts() throws Exception {
        SecuredInstance a = secured();
        Instant now = Instant.now();

        assertRejected(a, jwt(idp, claims().expirationTime(Date.from(now.minusSeconds(120)))), "Expired JWT");
        assertRejected(a, jwt(idp, claims().notBeforeTime(Date.from(now.plusSeconds(300)))), "before use time");
        assertRejected(a, jwt(idp, claims().issuer("https://other-idp.example.com")), "iss");
        assertRejected(a, jwt(idp, claims().audience("another-api")), "aud");
        assertRejected(a, jwt(stranger, claims()), "Invalid signature");
        assertRejected(a, jwt(idp, new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
                .claim("scope", "read")), "exp");
    }

    @Test
    void shouldAcceptAJwtExpiredWithinTheClockSkew() throws Exception {
        SecuredInstance a = secured();

        String justExpired = jwt(idp, claims().expirationTime(Date.from(Instant.now().minusSeconds(5))));

        assertThat(get(a, "/api/v1/devices/a-1", "Bearer " + justExpired).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRejectUnsignedJwtsAndHmacWithThePublicKeyAsSecret() throws Exception {
        SecuredInstance a = secured();
        String none = new PlainJWT(claims().build()).serialize();
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        byte[] secret = java.util.Arrays.copyOf(idp.getPublic().getEncoded(), 64);
        hmac.sign(new MACSigner(secret));

        assertThat(get(a, "/api/v1/devices/a-1", "Bearer " + none).statusCode()).isEqualTo(401);
        assertThat(get(a, "/api/v1/devices/a-1", "Bearer " + hmac.serialize()).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldLeaveProbesMetricsAndTheDashboardFilesOpen() throws Exception {
        SecuredInstance a = secured();

        assertThat(get(a, "/health/live", null).statusCode()).isEqualTo(200);
        assertThat(get(a, "/health/ready", null).statusCode()).isEqualTo(200);
        assertThat(get(a, "/metrics", null).statusCode()).isEqualTo(200);
        assertThat(get(a, "/", null).statusCode()).isEqualTo(200);
        assertThat(get(a, "/assets/app.js", null).statusCode()).isEqualTo(200);
        assertThat(get(a, "/api/v1/pipeline", null).statusCode()).isEqualTo(401);
        assertThat(get(a, "/api/v1/devices", null).statusCode()).isEqualTo(401);
        assertThat(get(a, "/api/v1/rules", null).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldJudgeTheMatchedRouteWhateverThePathSpelling() throws Exception {
        SecuredInstance a = secured();

        for (String path : List.of("/api/v1/devices/../devices/a-1", "/api//v1/devices/a-1", "/%61pi/v1/devices/a-1",
                "/api/v1/devices/a-1;x=y", "/health/../api/v1/devices/a-1")) {
            HttpResponse<String> r = get(a, path, null);
            assertThat(r.statusCode()).as(path).isNotEqualTo(200);
        }
    }

    @Test
    void shouldForwardWithTheCallersTokenAndNeverWithoutOne() throws Exception {
        ApiSecurity security = security(List.of());
        SecuredInstance a = start("a-", 0, security);
        SecuredInstance b = start("b-", 1, security);
        a.peer = b;
        b.peer = a;

        HttpResponse<String> forwarded = get(a, "/api/v1/devices/b-7", "Bearer " + READER);
        HttpResponse<String> listing = get(a, "/api/v1/devices", "Bearer " + READER);
        HttpResponse<String> anonymous = get(a, "/api/v1/devices/b-7", null);

        assertThat(forwarded.statusCode()).isEqualTo(200);
        assertThat(forwarded.headers().firstValue(Forwarding.SERVED_BY)).hasValue(b.self());
        assertThat(json(forwarded).get("deviceId").asText()).isEqualTo("b-7");
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(json(listing).get("items")).hasSize(2);
        assertThat(a.calls).extracting(SecuredInstance.PeerCall::authorization)
                .containsExactly("Bearer " + READER, "Bearer " + READER);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(a.calls).hasSize(2);
    }

    @Test
    void shouldAnswerTheOwnersRefusalWhenTheOwnerRejectsTheCallersToken() throws Exception {
        SecuredInstance a = start("a-", 0, ApiSecurity.off());
        SecuredInstance b = start("b-", 1, security(List.of()));
        a.peer = b;

        HttpResponse<String> r = get(a, "/api/v1/devices/b-7", null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(a.calls).singleElement().satisfies(c -> assertThat(c.authorization()).isNull());
    }

    @Test
    void shouldSendCorsHeadersOnlyToConfiguredOrigins() throws Exception {
        SecuredInstance withCors = start("a-", 0, security(List.of("https://ops.example.com")));
        SecuredInstance withoutCors = start("a-", 0, security(List.of()));

        HttpResponse<String> allowed = get(withCors, "/api/v1/devices/a-1", "Bearer " + READER,
                b -> b.header("Origin", "https://ops.example.com"));
        HttpResponse<String> other = get(withCors, "/api/v1/devices/a-1", "Bearer " + READER,
                b -> b.header("Origin", "https://evil.example.com"));
        HttpResponse<String> none = get(withoutCors, "/api/v1/devices/a-1", "Bearer " + READER,
                b -> b.header("Origin", "https://ops.example.com"));
        HttpResponse<String> preflight = client.send(HttpRequest.newBuilder(uri(withCors, "/api/v1/rules/hot"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://ops.example.com")
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization, content-type").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://ops.example.com");
        assertThat(allowed.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Origin"));
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(none.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://ops.example.com");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue(Cors.ALLOW_METHODS);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                v -> assertThat(v).contains("Authorization"));
    }

    @Test
    void shouldMarkApiAnswersAsDataAndKeepTheDashboardsPolicy() throws Exception {
        SecuredInstance a = secured();

        HttpResponse<String> api = get(a, "/api/v1/devices/a-1", null);
        HttpResponse<String> page = get(a, "/", null);

        assertThat(api.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(api.headers().firstValue("Content-Security-Policy")).hasValue(ApiHeaders.CONTENT_SECURITY_POLICY);
        assertThat(api.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().allValues("Content-Security-Policy"))
                .containsExactly(DashboardAssets.CONTENT_SECURITY_POLICY);
    }

    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("alice")
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).claim("scope", "read");
    }

    static String jwt(KeyPair key, JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
        return jwt.serialize();
    }

    private void assertRejected(SecuredInstance a, String token, String why) throws Exception {
        HttpResponse<String> r = get(a, "/api/v1/devices/a-1", "Bearer " + token);
        assertThat(r.statusCode()).as(why).isEqualTo(401);
        assertThat(json(r).get("message").asText()).as(why).contains(why);
        assertThat(r.body()).doesNotContain(token);
    }

    private URI uri(SecuredInstance s, String path) {
        return URI.create("http://127.0.0.1:" + s.port() + path);
    }

    private HttpResponse<String> get(SecuredInstance s, String path, String authorization) throws Exception {
        return get(s, path, authorization, b -> { });
    }

    private HttpResponse<String> get(SecuredInstance s, String path, String authorization,
            Consumer<HttpRequest.Builder> more) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(s, path)).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        more.accept(b);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(SecuredInstance s, String method, String path, String authorization, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(s, path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", authorization).header("Content-Type", "application/json");
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }
}
