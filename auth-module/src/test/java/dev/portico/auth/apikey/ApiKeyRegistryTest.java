package dev.portico.auth.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.auth.AuthResult;
import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import dev.portico.auth.Rejection;
import dev.portico.config.model.Consumer;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyRegistryTest {

  private static final String KEY = "pk_live_5f0c6a1e9b2d4c7a8e3f1b0d2c4a6e8f";

  private static Consumer consumer(List<String> hashes, String file, String subject) {
    return new Consumer(
        hashes,
        file,
        subject,
        List.of("orders-reader"),
        List.of("orders:read"),
        Map.of("plan", "premium"));
  }

  @Test
  void hashIsSha256HexWithPrefix() {
    // echo -n abc | sha256sum
    assertThat(ApiKeyRegistry.hash("abc"))
        .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void knownKeyGivesTheConsumersPrincipal() {
    ApiKeyRegistry registry =
        ApiKeyRegistry.of(
            Map.of("billing", consumer(List.of(ApiKeyRegistry.hash(KEY)), null, "svc-billing")));

    AuthResult result = registry.authenticate(KEY);

    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    Principal principal = ((AuthResult.Authenticated) result).principal();
    assertThat(principal.subject()).isEqualTo("svc-billing");
    assertThat(principal.consumer()).isEqualTo("billing");
    assertThat(principal.issuer()).isNull();
    assertThat(principal.roles()).containsExactly("orders-reader");
    assertThat(principal.scopes()).containsExactly("orders:read");
    assertThat(principal.claims()).containsEntry("plan", "premium");
    assertThat(principal.kind()).isEqualTo(CredentialKind.API_KEY);
    assertThat(principal.expiresAt()).isNull();
  }

  @Test
  void subjectDefaultsToTheConsumerName() {
    ApiKeyRegistry registry =
        ApiKeyRegistry.of(
            Map.of("billing", consumer(List.of(ApiKeyRegistry.hash(KEY)), null, null)));

    assertThat(((AuthResult.Authenticated) registry.authenticate(KEY)).principal().subject())
        .isEqualTo("billing");
  }

  @Test
  void unknownOrEmptyKeyIsRefused() {
    ApiKeyRegistry registry =
        ApiKeyRegistry.of(
            Map.of("billing", consumer(List.of(ApiKeyRegistry.hash(KEY)), null, null)));

    assertThat(registry.authenticate(KEY + "x"))
        .isEqualTo(new AuthResult.Rejected(Rejection.INVALID_API_KEY, "unknown API key", null));
    assertThat(registry.authenticate("")).isInstanceOf(AuthResult.Rejected.class);
    assertThat(registry.authenticate(null)).isInstanceOf(AuthResult.Rejected.class);
    assertThat(registry.authenticate(ApiKeyRegistry.hash(KEY)))
        .as("the hash itself is not a key")
        .isInstanceOf(AuthResult.Rejected.class);
  }

  @Test
  void keysFileLinesCommentsAndBlanksAreRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys.txt");
    Files.writeString(
        file,
        "# billing keys\n\n  "
            + ApiKeyRegistry.hash("second-key-0123456789")
            + "  \n# old: sha256:00\n");
    ApiKeyRegistry registry =
        ApiKeyRegistry.of(
            Map.of("billing", consumer(List.of(ApiKeyRegistry.hash(KEY)), file.toString(), null)));

    assertThat(registry.authenticate(KEY)).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(registry.authenticate("second-key-0123456789"))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(registry.size()).isEqualTo(2);
  }

  @Test
  void unreadableKeysFileIsAnError(@TempDir Path dir) {
    Map<String, Consumer> consumers =
        Map.of("billing", consumer(List.of(), dir.resolve("missing").toString(), null));

    assertThatThrownBy(() -> ApiKeyRegistry.of(consumers))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("billing");
  }

  @Test
  void malformedHashOrSharedKeyIsAnError() {
    String hash = ApiKeyRegistry.hash(KEY);

    assertThatThrownBy(
            () -> ApiKeyRegistry.of(Map.of("a", consumer(List.of("sha256:XYZ"), null, null))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ApiKeyRegistry.of(
                    Map.of(
                        "a",
                        consumer(List.of(hash), null, null),
                        "b",
                        consumer(List.of(hash), null, null))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share an API key");
  }
}
