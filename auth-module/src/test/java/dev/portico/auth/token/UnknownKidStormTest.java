package dev.portico.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.RSAKey;
import dev.portico.auth.AuthResult;
import dev.portico.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A spray of tokens with forged kids must not turn into a spray of JWKS fetches. */
class UnknownKidStormTest {

  private static final RSAKey ATTACKER = TestKeys.rsa("attacker");
  private static final RSAKey REAL = TestKeys.rsa("real");
  private static final Duration COOLDOWN = Duration.ofSeconds(30);
  private static final int TOKENS_PER_WAVE = 500;

  private TestIdp idp;
  private MutableClock clock;
  private SimpleMeterRegistry meters;
  private IssuerRegistry registry;
  private ExecutorService callers;

  @BeforeEach
  void start() {
    idp = new TestIdp();
    idp.discovery("corp").jwks("corp", TestKeys.jwks(REAL));
    clock = MutableClock.startingNow();
    meters = new SimpleMeterRegistry();
    registry =
        IssuerRegistry.create(
            Map.of(
                "corp",
                IssuerConfig.issuer(idp.issuer("corp"))
                    .jwks(
                        IssuerConfig.jwksSettings(
                            Duration.ofHours(1),
                            COOLDOWN,
                            Duration.ofHours(24),
                            Duration.ofSeconds(3)))
                    .build()),
            IssuerConfig.settings(1000),
            clock,
            meters);
    await().until(() -> registry.status("corp").lastKeyFetch() != null);
    // Slow enough that the storm overlaps the fetch it triggers.
    idp.slowJwks("corp", TestKeys.jwks(REAL), 300);
    callers = Executors.newFixedThreadPool(16);
  }

  @AfterEach
  void stop() {
    callers.shutdownNow();
    registry.close();
    idp.close();
  }

  /** Sends 500 tokens with distinct unknown kids from 16 threads at once. */
  private List<AuthResult> storm(int wave) throws Exception {
    // One signed token, its header swapped for each forged kid: the signature is never reached.
    String[] parts = Tokens.from(idp.issuer("corp"), clock).rs256(ATTACKER).split("\\.");
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < TOKENS_PER_WAVE; i++) {
      String header = Tokens.b64("{\"alg\":\"RS256\",\"kid\":\"forged-" + wave + "-" + i + "\"}");
      tokens.add(header + "." + parts[1] + "." + parts[2]);
    }
    List<Future<Mono<AuthResult>>> calls = new ArrayList<>();
    for (String token : tokens) {
      calls.add(callers.submit(() -> registry.authenticateBearer(token, List.of("corp"))));
    }
    List<Mono<AuthResult>> results = new ArrayList<>();
    for (Future<Mono<AuthResult>> call : calls) {
      results.add(call.get());
    }
    return Flux.merge(results).collectList().block(Duration.ofSeconds(30));
  }

  @Test
  void concurrentUnknownKidsShareOneFetch() throws Exception {
    int before = idp.jwksRequests("corp");

    List<AuthResult> results = storm(0);

    assertThat(results).hasSize(TOKENS_PER_WAVE).allMatch(AuthResult.Rejected.class::isInstance);
    assertThat(idp.jwksRequests("corp") - before).isLessThanOrEqualTo(1);
  }

  @Test
  void unknownKidWithinTheCooldownIsRefusedWithoutAFetch() throws Exception {
    storm(0);
    int before = idp.jwksRequests("corp");
    double refusedBefore = refused();

    AuthResult result =
        registry
            .authenticateBearer(
                Tokens.from(idp.issuer("corp"), clock).kid("one-more").rs256(ATTACKER),
                List.of("corp"))
            .block(Duration.ofSeconds(10));

    assertThat(result).isInstanceOf(AuthResult.Rejected.class);
    assertThat(idp.jwksRequests("corp")).isEqualTo(before);
    assertThat(refused()).isEqualTo(refusedBefore + 1);
  }

  private double refused() {
    return meters.get("portico.auth.jwks.refetch.refused").tag("issuer", "corp").counter().count();
  }

  @Test
  void stormsOverTimeCauseAtMostOneFetchPerCooldownPlusOne() throws Exception {
    int before = idp.jwksRequests("corp");
    Duration step = Duration.ofSeconds(10);
    int waves = 6;

    for (int wave = 0; wave < waves; wave++) {
      assertThat(storm(wave)).allMatch(AuthResult.Rejected.class::isInstance);
      clock.advance(step);
    }

    long elapsed = step.multipliedBy(waves - 1).toMillis();
    long allowed = (elapsed + COOLDOWN.toMillis() - 1) / COOLDOWN.toMillis() + 1;
    assertThat(idp.jwksRequests("corp") - before).isBetween(1, (int) allowed);
  }
}
