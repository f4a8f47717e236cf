package dev.portico.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.auth.AuthResult;
import dev.portico.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The issuer rotates its signing keys: new kids are fetched on first use, removed ones refused. */
class KeyRotationTest {

  private static final RSAKey OLD = TestKeys.rsa("old");
  private static final RSAKey NEW = TestKeys.rsa("new");

  private TestIdp idp;
  private MutableClock clock;
  private IssuerRegistry registry;

  private void start(Duration refreshInterval) {
    idp = new TestIdp();
    idp.discovery("corp").jwks("corp", TestKeys.jwks(OLD));
    clock = MutableClock.startingNow();
    registry =
        IssuerRegistry.create(
            Map.of(
                "corp",
                IssuerConfig.issuer(idp.issuer("corp"))
                    .jwks(
                        IssuerConfig.jwksSettings(
                            refreshInterval,
                            Duration.ofSeconds(30),
                            Duration.ofHours(24),
                            Duration.ofSeconds(3)))
                    .build()),
            IssuerConfig.settings(1000),
            clock,
            new SimpleMeterRegistry());
    await().until(() -> registry.status("corp").lastKeyFetch() != null);
  }

  @BeforeEach
  void startWithoutPeriodicRefresh() {
    start(Duration.ofHours(1));
  }

  @AfterEach
  void stop() {
    registry.close();
    idp.close();
  }

  private AuthResult authenticate(String token) {
    return registry.authenticateBearer(token, List.of("corp")).block(Duration.ofSeconds(10));
  }

  private Tokens token() {
    return Tokens.from(idp.issuer("corp"), clock);
  }

  @Test
  void tokenWithANewKidIsVerifiedAfterOneRefetch() {
    idp.jwks("corp", TestKeys.jwks(OLD, NEW));
    int before = idp.jwksRequests("corp");

    AuthResult result = authenticate(token().rs256(NEW));

    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(idp.jwksRequests("corp")).isEqualTo(before + 1);
    assertThat(registry.status("corp").keyIds()).containsExactly("new", "old");
  }

  @Test
  void tokenSignedByARemovedKeyIsRefusedAndDroppedFromTheCache() {
    String signedByOld = token().rs256(OLD);
    assertThat(authenticate(signedByOld)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(registry.cachedTokenCount()).isEqualTo(1);

    idp.jwks("corp", TestKeys.jwks(NEW));
    assertThat(authenticate(token().rs256(NEW))).isInstanceOf(AuthResult.Authenticated.class);

    assertThat(registry.cachedTokenCount()).as("only the token signed by the new key").isEqualTo(1);
    AuthResult again = authenticate(signedByOld);
    assertThat(again)
        .isInstanceOfSatisfying(
            AuthResult.Rejected.class,
            r ->
                assertThat(r.description())
                    .isEqualTo("token is signed by a key the issuer does not publish"));
  }

  @Test
  void keyReusingAKidWithNewMaterialInvalidatesTokensOfTheOldMaterial() {
    RSAKey impostor = TestKeys.rsa("old");
    String signedByOld = token().rs256(OLD);
    assertThat(authenticate(signedByOld)).isInstanceOf(AuthResult.Authenticated.class);

    idp.jwks("corp", TestKeys.jwks(impostor, NEW));
    assertThat(authenticate(token().rs256(NEW))).isInstanceOf(AuthResult.Authenticated.class);

    assertThat(authenticate(signedByOld))
        .isInstanceOfSatisfying(
            AuthResult.Rejected.class,
            r -> assertThat(r.description()).isEqualTo("token signature is invalid"));
  }

  @Test
  void periodicRefreshPicksUpNewKeysWithoutAnyToken() {
    registry.close();
    idp.close();
    start(Duration.ofMillis(200));
    int before = idp.jwksRequests("corp");

    idp.jwks("corp", TestKeys.jwks(NEW));

    await().until(() -> registry.status("corp").keyIds().equals(List.of("new")));
    assertThat(idp.jwksRequests("corp")).isGreaterThan(before);
  }
}
