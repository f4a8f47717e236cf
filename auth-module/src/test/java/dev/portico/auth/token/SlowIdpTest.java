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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The identity provider answers, but only after longer than the fetch timeout: tokens with known
 * keys must not wait for it, tokens with unknown keys must not wait past the timeout.
 */
class SlowIdpTest {

  private static final RSAKey KNOWN = TestKeys.rsa("known");
  private static final RSAKey UNKNOWN = TestKeys.rsa("unknown");
  private static final int IDP_DELAY_MILLIS = 5_000;

  private TestIdp idp;
  private MutableClock clock;
  private IssuerRegistry registry;

  @BeforeEach
  void start() {
    idp = new TestIdp();
    idp.discovery("corp").jwks("corp", TestKeys.jwks(KNOWN));
    clock = MutableClock.startingNow();
    registry =
        IssuerRegistry.create(
            Map.of(
                "corp",
                IssuerConfig.issuer(idp.issuer("corp"))
                    .jwks(
                        IssuerConfig.jwksSettings(
                            Duration.ofMillis(100),
                            Duration.ofSeconds(30),
                            Duration.ofHours(24),
                            Duration.ofMillis(500)))
                    .build()),
            IssuerConfig.settings(1000),
            clock,
            new SimpleMeterRegistry());
    await().until(() -> registry.status("corp").lastKeyFetch() != null);
    idp.slowJwks("corp", TestKeys.jwks(KNOWN, UNKNOWN), IDP_DELAY_MILLIS);
    int before = idp.jwksRequests("corp");
    await().until(() -> idp.jwksRequests("corp") > before);
  }

  @AfterEach
  void stop() {
    registry.close();
    idp.server.resetAll();
    idp.close();
  }

  @Test
  void tokenWithAKnownKidIsDecidedWithoutWaitingForTheIdp() {
    String token = Tokens.from(idp.issuer("corp"), clock).rs256(KNOWN);

    CompletableFuture<AuthResult> result =
        registry.authenticateBearer(token, List.of("corp")).toFuture();

    assertThat(result).as("answered on the calling thread, no I/O").isDone();
    assertThat(result.join()).isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void tokenWithAnUnknownKidIsRefusedAsUnavailableWithinTheFetchTimeout() {
    String token = Tokens.from(idp.issuer("corp"), clock).rs256(UNKNOWN);

    AuthResult result =
        registry
            .authenticateBearer(token, List.of("corp"))
            .block(Duration.ofMillis(IDP_DELAY_MILLIS / 2));

    assertThat(result)
        .isInstanceOfSatisfying(
            AuthResult.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(Rejection.UNAVAILABLE));
    assertThat(registry.status("corp").lastError()).contains("timed out after 500ms");
  }
}
