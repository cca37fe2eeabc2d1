package dev.herald.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a certificate and key the hub serves HTTPS, and ALPN picks HTTP/2 for clients that offer it. */
class TlsTest {

    @Test
    void streamsOverHttp2WithTls(@TempDir Path dir) throws Exception {
        Path certificate = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl;
        try {
            openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", certificate.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("openssl is not installed: cannot make a test certificate");
            return;
        }
        openssl.getInputStream().readAllBytes();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).isZero();

        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("hub", (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trustManagers.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();

        try (Hub hub = HubFixture.builder().tls(certificate, key).build().start()) {
            String base = "https://127.0.0.1:" + hub.address().getPort();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.version()).isEqualTo(HttpClient.Version.HTTP_2);
            try (StreamReader stream = StreamReader.open(client, base + "/.well-known/mercure?topic=t:tls", Map.of())) {
                assertThat(stream.response.version()).isEqualTo(HttpClient.Version.HTTP_2);
                hub.publish(Update.of("t:tls", "over TLS"));
                assertThat(stream.next().data()).isEqualTo("over TLS");
            }
        }
    }
}
