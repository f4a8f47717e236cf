package dev.portico.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.auth.AuthResult;
import dev.portico.auth.Rejection;
import dev.portico.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The identity provider goes down: the last keys keep working until max-staleness. */
class IdpOutageTest {

  private static final RSAKey KEY = TestKeys.rsa("k1");
  private static final Duration MAX_STALENESS = Duration.ofHours(1);

  private TestIdp idp;
  private MutableClock clock;
  private SimpleMeterRegistry meters;
  private IssuerRegistry registry;

  @BeforeEach
  void start() {
    idp = new TestIdp();
    idp.discovery("corp").jwks("corp", TestKeys.jwks(KEY));
    clock = MutableClock.startingNow();
    meters = new SimpleMeterRegistry();
    registry =
        IssuerRegistry.create(
            Map.of(
                "corp",
                IssuerConfig.issuer(idp.issuer("corp"))
                    .jwks(
                        IssuerConfig.jwksSettings(
                            Duration.ofMillis(200),
                            Duration.ofSeconds(30),
                            MAX_STALENESS,
                            Duration.ofSeconds(1)))
                    .build()),
            IssuerConfig.settings(1000),
            clock,
            meters);
    await().until(() -> registry.status("corp").lastKeyFetch() != null);
  }

  @AfterEach
  void stop() {
    registry.close();
    idp.close();
  }

  private AuthResult authenticate(String token) {
    return registry.authenticateBearer(token, List.of("corp")).block(Duration.ofSeconds(10));
  }

  private String token() {
    return Tokens.from(idp.issuer("corp"), clock).rs256(KEY);
  }

  private void takeIdpDown() {
    idp.jwksDown("corp");
    await().until(() -> registry.status("corp").lastError() != null);
  }

  private double counter(String name, String... tags) {
    return meters.get(name).tags(tags).counter().count();
  }

  @Test
  void cachedKeysKeepWorkingWhileTheIdpIsDown() {
    takeIdpDown();

    assertThat(authenticate(token())).isInstanceOf(AuthResult.Authenticated.class);
    IssuerStatus status = registry.status("corp");
    assertThat(status.stale()).isTrue();
    assertThat(status.lastError()).contains("/realms/corp/jwks");
    assertThat(counter("portico.auth.jwks.fetches", "issuer", "corp", "result", "failure"))
        .isPositive();
    assertThat(counter("portico.auth.jwks.stale.uses", "issuer", "corp")).isEqualTo(1);
  }

  @Test
  void afterMaxStalenessTokensAreRefusedAsUnavailable() {
    String cached = token();
    assertThat(authenticate(cached)).isInstanceOf(AuthResult.Authenticated.class);
    takeIdpDown();

    clock.advance(MAX_STALENESS.plusMinutes(1));

    assertThat(authenticate(token()))
        .isInstanceOfSatisfying(
            AuthResult.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(Rejection.UNAVAILABLE));
  }

  @Test
  void afterMaxStalenessEvenCachedTokensAreRefused() {
    String cached =
        Tokens.from(idp.issuer("corp"), clock)
            .expiresAt(clock.instant().plus(Duration.ofHours(3)))
            .rs256(KEY);
    assertThat(authenticate(cached)).isInstanceOf(AuthResult.Authenticated.class);
    takeIdpDown();

    clock.advance(MAX_STALENESS.plusMinutes(1));

    assertThat(authenticate(cached))
        .isInstanceOfSatisfying(
            AuthResult.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(Rejection.UNAVAILABLE));
  }

  @Test
  void keysWorkAgainOnceTheIdpIsBack() {
    takeIdpDown();
    clock.advance(MAX_STALENESS.plusMinutes(1));
    assertThat(authenticate(token())).isInstanceOf(AuthResult.Rejected.class);

    idp.jwks("corp", TestKeys.jwks(KEY));

    await().until(() -> registry.status("corp").lastError() == null);
    assertThat(authenticate(token())).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(registry.status("corp").stale()).isFalse();
  }

  @Test
  void keyAgeGaugeFollowsTheClock() {
    takeIdpDown();
    clock.advance(Duration.ofSeconds(90));

    double age = meters.get("portico.auth.jwks.age").tag("issuer", "corp").gauge().value();

    assertThat(age).isGreaterThanOrEqualTo(90.0);
  }
}
