package dev.portico.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.model.ClientAuthMode;
import dev.portico.config.model.ListenerTls;
import dev.portico.config.model.TlsCertificate;
import dev.portico.testing.tls.TestCa;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.tcp.SslProvider;

/**
 * The listener's certificates without a server: which certificate each SNI name gets, and how
 * changed files are taken or refused. The reload thread is left to its long interval; the tests
 * call {@link ListenerCertificates#checkFiles()} themselves.
 */
class ListenerCertificatesTest {

  static final TestCa CA = TestCa.create("listener-ca");

  @TempDir Path dir;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  ListenerCertificates certificates;

  @AfterEach
  void close() {
    if (certificates != null) {
      certificates.close();
    }
  }

  @Test
  void exactNamesThenOneLabelWildcardsThenTheDefault() throws Exception {
    X509Certificate api =
        CA.server("api.example.test").writeTo(file("api.crt"), file("api.key")).certificate();
    X509Certificate apps =
        CA.server("apps.example.test").writeTo(file("apps.crt"), file("apps.key")).certificate();
    certificates =
        start(
            List.of(
                certificate("apps", List.of("*.apps.example.test"), false),
                certificate("api", List.of("api.example.test"), true)));

    assertThat(served("api.example.test")).isEqualTo(api);
    assertThat(served("API.Example.Test")).isEqualTo(api);
    assertThat(served("x.apps.example.test")).isEqualTo(apps);
    // A wildcard covers one label: these are unknown names, which get the default.
    assertThat(served("a.b.apps.example.test")).isEqualTo(api);
    assertThat(served("apps.example.test")).isEqualTo(api);
    assertThat(served("other.example.test")).isEqualTo(api);
    assertThat(served(null)).isEqualTo(api);
  }

  @Test
  void withoutADefaultTheFirstCertificateServesUnknownNames() throws Exception {
    X509Certificate api =
        CA.server("api.example.test").writeTo(file("api.crt"), file("api.key")).certificate();
    CA.server("apps.example.test").writeTo(file("apps.crt"), file("apps.key"));
    certificates =
        start(
            List.of(
                certificate("api", List.of("api.example.test"), false),
                certificate("apps", List.of("apps.example.test"), false)));

    assertThat(served(null)).isEqualTo(api);
    assertThat(served("nothing.example.test")).isEqualTo(api);
  }

  @Test
  void unchangedFilesAreNotReadAgainAndChangedOnesAreTakenOrRefused() throws Exception {
    CA.server("api.example.test").writeTo(file("api.crt"), file("api.key"));
    certificates = start(List.of(certificate("api", List.of("api.example.test"), true)));

    assertThat(certificates.checkFiles()).isFalse();

    X509Certificate renewed =
        CA.server("api.example.test").writeTo(file("api.crt"), file("api.key")).certificate();
    assertThat(certificates.checkFiles()).isTrue();
    assertThat(served("api.example.test")).isEqualTo(renewed);
    assertThat(reloads("success")).isEqualTo(1);

    Files.writeString(file("api.crt"), "half a file");
    assertThat(certificates.checkFiles()).isFalse();
    assertThat(reloads("failure")).isEqualTo(1);
    assertThat(served("api.example.test")).isEqualTo(renewed);

    // The same broken content is not tried (and counted) again until it changes.
    assertThat(certificates.checkFiles()).isFalse();
    assertThat(reloads("failure")).isEqualTo(1);

    Files.delete(file("api.key"));
    assertThat(certificates.checkFiles()).isFalse();
    assertThat(reloads("failure")).isEqualTo(2);
    assertThat(served("api.example.test")).isEqualTo(renewed);
  }

  @Test
  void theExpiryGaugeCountsSecondsToTheLeafsNotAfter() throws Exception {
    X509Certificate api =
        CA.server("api.example.test").writeTo(file("api.crt"), file("api.key")).certificate();
    certificates = start(List.of(certificate("api", List.of("api.example.test"), true)));

    double seconds =
        meters.get("portico.tls.certificate.expiry").tag("name", "api").gauge().value();

    long expected =
        api.getNotAfter().toInstant().getEpochSecond()
            - Clock.systemUTC().instant().getEpochSecond();
    assertThat(seconds).isBetween(expected - 60.0, expected + 1.0);
  }

  @Test
  void alpnOffersH2OnlyWhenHttp2IsOn() {
    CA.server("api.example.test").writeTo(file("api.crt"), file("api.key"));
    List<TlsCertificate> list = List.of(certificate("api", List.of("api.example.test"), true));
    certificates = start(list);
    assertThat(
            certificates
                .defaultProvider()
                .getSslContext()
                .applicationProtocolNegotiator()
                .protocols())
        .containsExactly("h2", "http/1.1");
    certificates.close();

    certificates = new ListenerCertificates(tls(list), false, Clock.systemUTC(), meters);

    assertThat(
            certificates
                .defaultProvider()
                .getSslContext()
                .applicationProtocolNegotiator()
                .protocols())
        .containsExactly("http/1.1");
  }

  private ListenerCertificates start(List<TlsCertificate> list) {
    return new ListenerCertificates(tls(list), Clock.systemUTC(), meters);
  }

  private static ListenerTls tls(List<TlsCertificate> list) {
    return new ListenerTls(
        list,
        List.of("TLSv1.3", "TLSv1.2"),
        null,
        ClientAuthMode.NONE,
        null,
        Duration.ofHours(1),
        false,
        null,
        null);
  }

  private TlsCertificate certificate(String name, List<String> serverNames, boolean isDefault) {
    return new TlsCertificate(
        name,
        file(name + ".crt").toString(),
        file(name + ".key").toString(),
        serverNames,
        isDefault);
  }

  /** The certificate a handshake for {@code serverName} would present. */
  private X509Certificate served(String serverName) {
    SslProvider provider =
        certificates.map(serverName, ImmediateEventExecutor.INSTANCE.newPromise()).getNow();
    assertThat(provider).isNotNull();
    return certificates.certificate(serverName);
  }

  private double reloads(String result) {
    return meters.get("portico.tls.certificate.reloads").tag("result", result).counter().count();
  }

  private Path file(String name) {
    return dir.resolve(name);
  }
}
