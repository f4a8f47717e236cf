package dev.portico.auth.token.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import dev.portico.config.model.ClaimMapping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimMapperTest {

  private static Principal map(ClaimMapping mapping, Map<String, Object> claims) {
    return new ClaimMapper(mapping).principal("corp", claims, null, CredentialKind.JWT);
  }

  @Test
  void namespacedClaimNameWithDotsIsReadAsOneName() {
    Map<String, Object> claims = Map.of("https://example.com/roles", List.of("admin"), "sub", "a");

    assertThat(map(new ClaimMapping("sub", "https://example.com/roles", "scope"), claims).roles())
        .containsExactly("admin");
  }

  @Test
  void dottedPathDescendsIntoObjects() {
    Map<String, Object> claims =
        Map.of("resource_access", Map.of("orders", Map.of("roles", List.of("reader"))));

    assertThat(
            map(new ClaimMapping("sub", "resource_access.orders.roles", "scope"), claims).roles())
        .containsExactly("reader");
  }

  @Test
  void missingPiecesLeaveEmptyValuesAndNullSubject() {
    Principal principal = map(new ClaimMapping(null, null, null), Map.of("iss", "x"));

    assertThat(principal.subject()).isNull();
    assertThat(principal.roles()).isEmpty();
    assertThat(principal.scopes()).isEmpty();
  }

  @Test
  void scopeIsReadWhenTheConfiguredScpIsMissing() {
    assertThat(map(new ClaimMapping("sub", "roles", "scp"), Map.of("scope", "a b")).scopes())
        .containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void nonStringListItemsAndNullsAreDropped() {
    Map<String, Object> claims = new HashMap<>();
    claims.put("roles", new ArrayList<>(Arrays.asList("a", null, 7, "b")));
    claims.put("empty", null);

    Principal principal = map(null, claims);

    assertThat(principal.roles()).containsExactlyInAnyOrder("a", "b");
    assertThat(principal.claims()).doesNotContainKey("empty");
    assertThat(principal.claims().get("roles")).isEqualTo(List.of("a", 7, "b"));
  }

  @Test
  void numericSubjectBecomesText() {
    assertThat(map(null, Map.of("sub", 42L)).subject()).isEqualTo("42");
  }
}
