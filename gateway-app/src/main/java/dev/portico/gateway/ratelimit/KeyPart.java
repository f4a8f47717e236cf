package dev.portico.gateway.ratelimit;

import dev.portico.auth.ClaimPath;
import dev.portico.auth.Principal;
import java.util.Locale;

/**
 * One part of a rate-limit key, compiled from its configuration spelling ({@code client-ip}, {@code
 * subject}, {@code consumer}, {@code route}, {@code claim:<path>}, {@code header:<name>}). A part
 * the request lacks is {@value #MISSING}: such requests share that part of the key.
 */
@FunctionalInterface
interface KeyPart {

  String MISSING = "-";

  String of(LimitedRequest request);

  /** Compiles a validated key part. */
  static KeyPart compile(String spec, String routeId) {
    if (spec.startsWith("claim:")) {
      String path = spec.substring("claim:".length());
      return request -> orMissing(claim(request.principal(), path));
    }
    if (spec.startsWith("header:")) {
      String header = spec.substring("header:".length());
      return request -> orMissing(request.exchange().getRequest().getHeaders().getFirst(header));
    }
    return switch (spec.toLowerCase(Locale.ROOT)) {
      case "client-ip" -> request -> orMissing(request.clientIp());
      case "subject" ->
          request -> orMissing(request.principal() == null ? null : request.principal().subject());
      case "consumer" ->
          request -> orMissing(request.principal() == null ? null : request.principal().consumer());
      case "route" -> request -> routeId;
      default -> throw new IllegalArgumentException("not a key part: " + spec);
    };
  }

  /** A claim of the principal's token (for API-key consumers: their metadata), or null. */
  static String claim(Principal principal, String path) {
    return principal == null ? null : ClaimPath.text(principal.claims(), path);
  }

  private static String orMissing(String value) {
    return value == null || value.isEmpty() ? MISSING : value;
  }
}
