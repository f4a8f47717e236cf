package dev.portico.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class CheckTargetTest {

  private static final HealthCheckSettings HEALTHZ =
      HealthCheckSettings.DEFAULTS.withPath("/healthz");

  @Test
  void pathIsJoinedToTheBasePath() {
    assertThat(target("http://10.0.0.5:8080/base"))
        .hasToString("http://10.0.0.5:8080/base/healthz");
    assertThat(target("http://10.0.0.5:8080/base/"))
        .hasToString("http://10.0.0.5:8080/base/healthz");
  }

  @Test
  void endpointWithoutPathIsCheckedAtThePathItself() {
    assertThat(target("https://api.internal")).hasToString("https://api.internal/healthz");
    assertThat(target("http://[::1]:8080/")).hasToString("http://[::1]:8080/healthz");
  }

  @Test
  void endpointQueryIsDroppedAndTheCheckQueryKept() {
    URI target =
        CheckTarget.of("a", URI.create("http://h:1/base?x=1"), HEALTHZ.withPath("/healthz?deep=1"));

    assertThat(target).hasToString("http://h:1/base/healthz?deep=1");
  }

  @Test
  void nonHttpEndpointIsRejectedNamingIt() {
    assertThatThrownBy(() -> CheckTarget.of("db", URI.create("tcp://10.0.0.5:5432"), HEALTHZ))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "health check endpoint 'db': 'tcp://10.0.0.5:5432' is not an http(s) URL with a host"
                + " (expected e.g. http://10.0.0.5:8080)");
  }

  private static URI target(String endpoint) {
    return CheckTarget.of("a", URI.create(endpoint), HEALTHZ);
  }
}
