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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With a certificate and key the hub serves HTTPS: ALPN picks HTTP/2 for clients that offer it, HTTP/1.1 for the
 * others, and on both a stream receives what is published, over TLS too.
 */
class TlsTest {

    @TempDir
    static Path dir;
    private static SSLContext ssl;
    private static TestHub hub;

    @BeforeAll
    static void start() throws Exception {
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
        ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trustManagers.getTrustManagers(), null);
        hub = HubFixture.start(HubFixture.builder().tls(certificate, key));
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().sslContext(ssl).version(version).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void theUrlSaysHttps() {
        assertThat(hub.url()).isEqualTo("https://127.0.0.1:" + hub.address().getPort() + "/.well-known/mercure");
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void streamsPublishesAndThePageWork(HttpClient.Version version) throws Exception {
        HttpClient client = client(version);
        URI base = URI.create(hub.url());
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.version()).isEqualTo(version);
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("EventSource");

        String topic = "t:tls:" + version;
        try (StreamReader stream = StreamReader.open(client, hub.url() + "?topic=" + topic, Map.of())) {
            assertThat(stream.response.version()).isEqualTo(version);
            for (int i = 1; i <= 3; i++) {
                // Published over the same protocol and TLS; several, so the stream is shown to last past its head.
                HttpResponse<String> published = client.send(HttpRequest.newBuilder(base)
                        .header("Authorization", "Bearer " + HubFixture.PUBLISHER)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(HubFixture.form("topic", topic, "data", "tls " + i)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                HttpResponseAssert.ok(published);
                assertThat(stream.next().data()).isEqualTo("tls " + i);
            }
            hub.publish(Update.of(topic, "from Java"));
            assertThat(stream.next().data()).isEqualTo("from Java");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aBodyOverTheLimitGets413(HttpClient.Version version) throws Exception {
        HttpResponse<String> response = client(version).send(HttpRequest.newBuilder(URI.create(hub.url()))
                .header("Authorization", "Bearer " + HubFixture.PUBLISHER)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(HubFixture.form("topic", "t", "data",
                        "x".repeat(4 * 1024 * 1024)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.version()).isEqualTo(version);
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void overTheConnectionLimitA503Arrives(HttpClient.Version version) throws Exception {
        try (TestHub full = HubFixture.start(HubFixture.builder().tls(dir.resolve("cert.pem"), dir.resolve("key.pem")).maxConnections(1)
                );
                java.net.Socket holder = new java.net.Socket("127.0.0.1", full.address().getPort())) {
            assertThat(holder.isConnected()).isTrue();
            Thread.sleep(200); // the holder is accepted and counted first
            HttpResponse<String> response = client(version).send(HttpRequest.newBuilder(URI.create(full.url())
                    .resolve("/.well-known/mercure?topic=a")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.version()).isEqualTo(version);
            assertThat(response.headers().firstValue("retry-after")).contains("5");
        }
    }
}
