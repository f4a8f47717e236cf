package dev.portico.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Limited keys on the console: identities as they are, credentials never. */
class KeyMaskTest {

  private final KeyMask mask = new KeyMask(new SecureRandom());

  @Test
  void addressesSubjectsAndPlainHeadersAreShownAsTheyAre() {
    assertThat(mask.show("client-ip", "203.0.113.7", null)).isEqualTo("client-ip=203.0.113.7");
    assertThat(mask.show("subject", "alice", null)).isEqualTo("subject=alice");
    assertThat(mask.show("header:X-Tenant", "acme", null)).isEqualTo("header:X-Tenant=acme");
    assertThat(mask.show("header:X-Api-Key", KeyPart.MISSING, null))
        .isEqualTo("header:X-Api-Key=-");
  }

  @Test
  void credentialHeadersShowAShortKeyedHashAndTheConsumerNeverTheValue() {
    Principal shop =
        new Principal(
            "shop", null, Set.of(), Set.of(), "shop", Map.of(), null, CredentialKind.API_KEY);
    String secret = "sk_live_0123456789abcdef";
    for (String header : new String[] {"X-Api-Key", "Authorization", "X-Session", "X-Auth-Token"}) {
      String shown = mask.show("header:" + header, secret, null);
      assertThat(shown).doesNotContain(secret).matches("header:" + header + "=#[0-9a-f]{8}");
    }
    assertThat(mask.show("header:X-Api-Key", secret, shop))
        .doesNotContain(secret)
        .endsWith(" (consumer shop)");
    // Equal values look equal, different values differ; another process hashes differently.
    assertThat(mask.shortHash(secret)).isEqualTo(mask.shortHash(secret));
    assertThat(mask.shortHash(secret)).isNotEqualTo(mask.shortHash(secret + "x"));
    assertThat(new KeyMask(new SecureRandom()).shortHash(secret))
        .isNotEqualTo(mask.shortHash(secret));
  }
}
