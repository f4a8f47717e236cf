package dev.portico.auth.token.internal;

import dev.portico.auth.ClaimPath;
import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import dev.portico.config.model.ClaimMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a {@link Principal} from verified claims, reading subject, roles and scopes at the
 * issuer's claim paths. A path is first looked up as one claim name (namespaced claims such as
 * {@code https://example.com/roles} contain dots), then as dotted segments into nested objects
 * ({@code realm_access.roles}). Roles and scopes may be JSON arrays or space-separated strings;
 * when the scopes path is {@code scope} and absent, {@code scp} is read (and the other way round).
 * A missing subject leaves it null. Claims are copied deeply into immutable collections, with null
 * values dropped, so a cached principal can be shared. Immutable; thread-safe.
 */
final class ClaimMapper {

  private final String subjectPath;
  private final String rolesPath;
  private final String scopesPath;

  ClaimMapper(ClaimMapping mapping) {
    ClaimMapping m = mapping == null ? new ClaimMapping(null, null, null) : mapping;
    this.subjectPath = Objects.requireNonNullElse(m.subject(), "sub");
    this.rolesPath = Objects.requireNonNullElse(m.roles(), "roles");
    this.scopesPath = Objects.requireNonNullElse(m.scopes(), "scope");
  }

  Principal principal(
      String issuerName, Map<String, Object> rawClaims, Instant expiresAt, CredentialKind kind) {
    Map<String, Object> claims = immutableClaims(rawClaims);
    Object subject = value(claims, subjectPath);
    return new Principal(
        subject instanceof String || subject instanceof Number ? subject.toString() : null,
        issuerName,
        strings(value(claims, rolesPath)),
        scopes(claims),
        null,
        claims,
        expiresAt,
        kind);
  }

  private Set<String> scopes(Map<String, Object> claims) {
    Set<String> scopes = strings(value(claims, scopesPath));
    if (scopes.isEmpty() && scopesPath.equals("scope")) {
      return strings(claims.get("scp"));
    }
    if (scopes.isEmpty() && scopesPath.equals("scp")) {
      return strings(claims.get("scope"));
    }
    return scopes;
  }

  static Object value(Map<String, Object> claims, String path) {
    Object direct = claims.get(path);
    return direct != null || path.indexOf('.') < 0 ? direct : ClaimPath.value(claims, path);
  }

  static Set<String> strings(Object value) {
    Set<String> out = new LinkedHashSet<>();
    if (value instanceof Collection<?> items) {
      for (Object item : items) {
        if (item instanceof String s && !s.isBlank()) {
          out.add(s);
        }
      }
    } else if (value instanceof String text) {
      addWords(text, out);
    }
    return out;
  }

  /** Adds the whitespace-separated words of {@code text} (no regex: this runs per token). */
  private static void addWords(String text, Set<String> out) {
    int start = -1;
    for (int i = 0; i <= text.length(); i++) {
      boolean space = i == text.length() || Character.isWhitespace(text.charAt(i));
      if (space && start >= 0) {
        out.add(text.substring(start, i));
        start = -1;
      } else if (!space && start < 0) {
        start = i;
      }
    }
  }

  /** A deep, immutable copy without null values. */
  static Map<String, Object> immutableClaims(Map<String, Object> claims) {
    Map<String, Object> copy = new LinkedHashMap<>();
    claims.forEach(
        (name, value) -> {
          Object v = immutable(value);
          if (name != null && v != null) {
            copy.put(name, v);
          }
        });
    return java.util.Collections.unmodifiableMap(copy);
  }

  private static Object immutable(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            Object inner = immutable(v);
            if (k != null && inner != null) {
              copy.put(k.toString(), inner);
            }
          });
      return java.util.Collections.unmodifiableMap(copy);
    }
    if (value instanceof Collection<?> items) {
      List<Object> copy = new ArrayList<>(items.size());
      for (Object item : items) {
        Object inner = immutable(item);
        if (inner != null) {
          copy.add(inner);
        }
      }
      return List.copyOf(copy);
    }
    if (value instanceof java.util.Date date) {
      // nimbus turns exp, nbf and iat into Dates; claims keep JSON's epoch seconds.
      return date.getTime() / 1000;
    }
    return value;
  }
}
