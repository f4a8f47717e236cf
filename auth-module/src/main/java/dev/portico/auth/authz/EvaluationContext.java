package dev.portico.auth.authz;

import dev.cel.runtime.CelVariableResolver;
import dev.portico.auth.Principal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables of one authorization decision, as CEL sees them ({@link
 * dev.portico.config.policy.PolicyVariable}). Values are produced when a condition reads them, so a
 * condition on {@code request.method} never builds the header map. One instance per decision; not
 * thread-safe.
 */
final class EvaluationContext implements CelVariableResolver {

  private final AccessRequest request;
  private final Principal principal;
  private final String routeId;
  private final Map<String, String> routeMetadata;
  private Map<String, Object> token;

  EvaluationContext(
      AccessRequest request,
      Principal principal,
      String routeId,
      Map<String, String> routeMetadata) {
    this.request = request;
    this.principal = principal;
    this.routeId = routeId;
    this.routeMetadata = routeMetadata;
  }

  Principal principal() {
    return principal;
  }

  AccessRequest request() {
    return request;
  }

  @Override
  public Optional<Object> find(String name) {
    return Optional.ofNullable(value(name));
  }

  private Object value(String name) {
    return switch (name) {
      case "request.method" -> request.method();
      case "request.path" -> request.path();
      case "request.host" -> request.host();
      case "request.headers" -> request.headers();
      case "request.query" -> request.query();
      case "request.ip" -> request.clientIp();
      case "request.time" -> request.time();
      case "token" -> token();
      case "principal.authenticated" -> principal != null;
      case "principal.subject" -> principal == null ? "" : orEmpty(principal.subject());
      case "principal.issuer" -> principal == null ? "" : orEmpty(principal.issuer());
      case "principal.roles" -> principal == null ? List.of() : List.copyOf(principal.roles());
      case "principal.scopes" -> principal == null ? List.of() : List.copyOf(principal.scopes());
      case "principal.consumer" -> principal == null ? "" : orEmpty(principal.consumer());
      case "route.id" -> routeId;
      case "route.metadata" -> routeMetadata;
      default -> null;
    };
  }

  private Map<String, Object> token() {
    if (token == null) {
      token = principal == null ? Map.of() : celMap(principal.claims());
    }
    return token;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  /** JSON values as CEL's Java runtime wants them: integers as long, decimals as double. */
  private static Map<String, Object> celMap(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
    map.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            copy.put(k.toString(), celValue(v));
          }
        });
    return copy;
  }

  private static Object celValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      return celMap(map);
    }
    if (value instanceof Collection<?> items) {
      List<Object> copy = new ArrayList<>(items.size());
      for (Object item : items) {
        if (item != null) {
          copy.add(celValue(item));
        }
      }
      return copy;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
    }
    if (value instanceof Float || value instanceof BigDecimal) {
      return ((Number) value).doubleValue();
    }
    return value;
  }
}
