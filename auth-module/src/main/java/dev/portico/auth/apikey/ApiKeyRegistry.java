package dev.portico.auth.apikey;

import dev.portico.auth.AuthResult;
import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import dev.portico.auth.Rejection;
import dev.portico.config.model.Consumer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * API keys of the configured consumers, looked up by the SHA-256 hash of the presented key.
 *
 * <p>Only hashes are kept (from {@code api-keys} and {@code api-keys-file}), so neither the
 * configuration nor memory holds a usable key. Lookup hashes the presented key and finds it in a
 * hash map: the time taken does not depend on how much of a stored key matches, and API keys are
 * expected to be long random strings, for which an unsalted fast hash is the usual choice (the same
 * as GitHub's and Stripe's key scanners). Immutable and thread-safe; built when a configuration
 * snapshot is built.
 */
public final class ApiKeyRegistry {

  private static final AuthResult UNKNOWN =
      new AuthResult.Rejected(Rejection.INVALID_API_KEY, "unknown API key", null);

  private final Map<String, AuthResult.Authenticated> byHash;

  private ApiKeyRegistry(Map<String, AuthResult.Authenticated> byHash) {
    this.byHash = byHash;
  }

  /**
   * Reads every consumer's keys, including its {@code api-keys-file} (blocking file I/O: call it
   * while building a snapshot, off the request path). Lines of the file are {@code sha256:<hex>};
   * blank lines and lines starting with {@code #} are skipped.
   *
   * @throws UncheckedIOException when a keys file cannot be read
   * @throws IllegalArgumentException when a hash is malformed or two consumers share a key (the
   *     configuration validator reports both first)
   */
  public static ApiKeyRegistry of(Map<String, Consumer> consumers) {
    Map<String, AuthResult.Authenticated> byHash = new HashMap<>();
    consumers.forEach(
        (name, consumer) -> {
          AuthResult.Authenticated identity =
              new AuthResult.Authenticated(principal(name, consumer));
          for (String hash : hashes(name, consumer)) {
            String normalized = checkedHash(name, hash);
            AuthResult.Authenticated previous = byHash.putIfAbsent(normalized, identity);
            if (previous != null && previous != identity) {
              throw new IllegalArgumentException(
                  "consumers '"
                      + previous.principal().consumer()
                      + "' and '"
                      + name
                      + "' share an API key");
            }
          }
        });
    return new ApiKeyRegistry(Map.copyOf(byHash));
  }

  /**
   * Authenticated(principal with subject = consumer.subject or name, consumer = name, roles,
   * scopes, claims = metadata, kind API_KEY) or Rejected(INVALID_API_KEY, "unknown API key", null).
   */
  public AuthResult authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty()) {
      return UNKNOWN;
    }
    AuthResult.Authenticated found = byHash.get(hash(presentedKey));
    return found != null ? found : UNKNOWN;
  }

  /** "sha256:" + lowercase hex of SHA-256(UTF-8 key). */
  public static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Number of keys known, for logs and the admin console. */
  public int size() {
    return byHash.size();
  }

  private static Principal principal(String name, Consumer consumer) {
    Map<String, Object> metadata = new LinkedHashMap<>(consumer.metadata());
    return new Principal(
        Objects.requireNonNullElse(consumer.subject(), name),
        null,
        java.util.Set.copyOf(consumer.roles()),
        java.util.Set.copyOf(consumer.scopes()),
        name,
        metadata,
        null,
        CredentialKind.API_KEY);
  }

  private static List<String> hashes(String name, Consumer consumer) {
    if (consumer.apiKeysFile() == null) {
      return consumer.apiKeys();
    }
    List<String> all = new java.util.ArrayList<>(consumer.apiKeys());
    try {
      for (String line :
          Files.readAllLines(Path.of(consumer.apiKeysFile()), StandardCharsets.UTF_8)) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          all.add(trimmed);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "consumer '" + name + "': cannot read " + consumer.apiKeysFile(), e);
    }
    return all;
  }

  private static String checkedHash(String consumer, String hash) {
    String normalized = hash.strip();
    if (!normalized.matches("sha256:[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "consumer '"
              + consumer
              + "': '"
              + normalized
              + "' is not sha256:<64 lowercase hex digits>");
    }
    return normalized;
  }
}
