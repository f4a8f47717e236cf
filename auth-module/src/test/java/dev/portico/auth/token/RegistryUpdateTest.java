package dev.portico.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.auth.AuthResult;
import dev.portico.config.model.Issuer;
import dev.portico.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Configuration reloads: unchanged issuers keep their state, changed and removed ones lose it. */
class RegistryUpdateTest {

  private static final RSAKey KEY = TestKeys.rsa("k1");
  private static final RSAKey PARTNER_KEY = TestKeys.rsa("p1");

  private TestIdp idp;
  private MutableClock clock;
  private SimpleMeterRegistry meters;
  private IssuerRegistry registry;
  private Issuer corp;
  private Issuer partner;

  @BeforeEach
  void start() {
    idp = new TestIdp();
    idp.discovery("corp").jwks("corp", TestKeys.jwks(KEY));
    idp.discovery("partner").jwks("partner", TestKeys.jwks(PARTNER_KEY));
    clock = MutableClock.startingNow();
    meters = new SimpleMeterRegistry();
    corp = IssuerConfig.issuer(idp.issuer("corp")).build();
    partner = IssuerConfig.issuer(idp.issuer("partner")).build();
    registry =
        IssuerRegistry.create(
            Map.of("corp", corp, "partner", partner), IssuerConfig.settings(100), clock, meters);
    await()
        .until(
            () ->
                registry.status("corp").lastKeyFetch() != null
                    && registry.status("partner").lastKeyFetch() != null);
  }

  @AfterEach
  void stop() {
    registry.close();
    idp.close();
  }

  private String token() {
    return Tokens.from(idp.issuer("corp"), clock).rs256(KEY);
  }

  @Test
  void unchangedIssuerKeepsItsKeysAndCachedTokens() {
    String token = token();
    registry.authenticateBearer(token, List.of("corp")).block();
    Mono<AuthResult> cached = registry.authenticateBearer(token, List.of("corp"));
    IssuerStatus before = registry.status("corp");
    int fetches = idp.jwksRequests("corp");

    registry =
        registry.update(
            Map.of("corp", IssuerConfig.issuer(idp.issuer("corp")).build()),
            IssuerConfig.settings(100));

    assertThat(registry.status("corp").lastKeyFetch()).isEqualTo(before.lastKeyFetch());
    assertThat(registry.authenticateBearer(token, List.of("corp"))).isSameAs(cached);
    assertThat(idp.jwksRequests("corp")).isEqualTo(fetches);
  }

  @Test
  void changedIssuerFetchesAgainAndLosesItsCachedTokens() {
    String token = token();
    registry.authenticateBearer(token, List.of("corp")).block();
    assertThat(registry.cachedTokenCount()).isEqualTo(1);
    int fetches = idp.jwksRequests("corp");

    registry =
        registry.update(
            Map.of("corp", IssuerConfig.issuer(idp.issuer("corp")).audiences("orders-api").build()),
            IssuerConfig.settings(100));

    assertThat(registry.cachedTokenCount()).isZero();
    await().until(() -> idp.jwksRequests("corp") > fetches);
    await().until(() -> registry.status("corp").lastKeyFetch() != null);
    assertThat(registry.authenticateBearer(token, List.of("corp")).block())
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void removedIssuerIsGoneWithItsMeters() {
    assertThat(meters.find("portico.auth.jwks.age").tag("issuer", "partner").gauge()).isNotNull();

    registry = registry.update(Map.of("corp", corp), IssuerConfig.settings(100));

    assertThatThrownBy(() -> registry.status("partner"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(meters.find("portico.auth.jwks.age").tag("issuer", "partner").gauge()).isNull();
    assertThat(meters.find("portico.auth.jwks.age").tag("issuer", "corp").gauge()).isNotNull();
  }

  @Test
  void changedIssuerGetsFreshMetersUnderTheSameName() {
    registry =
        registry.update(
            Map.of(
                "corp",
                IssuerConfig.issuer(idp.issuer("corp")).audiences("x").build(),
                "partner",
                partner),
            IssuerConfig.settings(100));

    await().until(() -> registry.status("corp").lastKeyFetch() != null);
    assertThat(meters.get("portico.auth.jwks.age").tag("issuer", "corp").gauge().value())
        .isNotNaN();
  }

  @Test
  void closingTheOldRegistryAfterAnUpdateLeavesTheNewOneWorking() {
    IssuerRegistry old = registry;
    registry = old.update(Map.of("corp", corp, "partner", partner), IssuerConfig.settings(100));

    old.close();

    assertThat(registry.authenticateBearer(token(), List.of("corp")).block())
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void aRegistryCanBeUpdatedOnlyOnce() {
    IssuerRegistry old = registry;
    registry = old.update(Map.of("corp", corp), IssuerConfig.settings(100));

    assertThatThrownBy(() -> old.update(Map.of(), IssuerConfig.settings(100)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeStopsTheRefreshTasks() {
    registry.close();
    registry =
        IssuerRegistry.create(
            Map.of(
                "corp",
                IssuerConfig.issuer(idp.issuer("corp"))
                    .jwks(
                        IssuerConfig.jwksSettings(
                            Duration.ofMillis(50),
                            Duration.ofSeconds(30),
                            Duration.ofHours(1),
                            Duration.ofSeconds(1)))
                    .build()),
            IssuerConfig.settings(100),
            clock,
            meters);
    int start = idp.jwksRequests("corp");
    await().until(() -> idp.jwksRequests("corp") >= start + 3);

    registry.close();
    int afterClose = idp.jwksRequests("corp");

    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> idp.jwksRequests("corp") <= afterClose + 1);
  }

  @Test
  void cacheSizeZeroTurnsCachingOff() {
    registry = registry.update(Map.of("corp", corp), IssuerConfig.settings(0));
    String token = token();

    Mono<AuthResult> first = registry.authenticateBearer(token, List.of("corp"));
    Mono<AuthResult> second = registry.authenticateBearer(token, List.of("corp"));

    assertThat(first.block()).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(second).isNotSameAs(first);
    assertThat(registry.cachedTokenCount()).isZero();
  }
}
