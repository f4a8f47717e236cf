package dev.portico.gateway.ratelimit;

import dev.portico.auth.Principal;
import dev.portico.config.model.RateLimitPolicy;
import dev.portico.config.model.RateLimitTiers;
import dev.portico.ratelimit.LimitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rate-limit policy compiled for one route: its key parts, its limits and its tiers. The key of a
 * request is {@code policy | tier | part | part ...}, so policies and tiers never share counts.
 * Immutable; built once per route and configuration snapshot.
 */
final class CompiledRateLimit {

  private static final char SEPARATOR = '\u001f';

  private final String name;
  private final List<KeyPart> key;
  private final LimitSet limits;
  private final String tierSource;
  private final Map<String, LimitSet> tiers;

  private CompiledRateLimit(
      String name,
      List<KeyPart> key,
      LimitSet limits,
      String tierSource,
      Map<String, LimitSet> tiers) {
    this.name = name;
    this.key = key;
    this.limits = limits;
    this.tierSource = tierSource;
    this.tiers = tiers;
  }

  static CompiledRateLimit compile(String name, RateLimitPolicy policy, String routeId) {
    List<KeyPart> key = policy.key().stream().map(spec -> KeyPart.compile(spec, routeId)).toList();
    LimitSet limits = LimitSet.of(name, policy.limits(), policy.burst());
    RateLimitTiers tiers = policy.tiers();
    Map<String, LimitSet> byTier = new LinkedHashMap<>();
    if (tiers != null) {
      tiers
          .values()
          .forEach(
              (tier, settings) ->
                  byTier.put(
                      tier, LimitSet.of(name + "/" + tier, settings.limits(), settings.burst())));
    }
    return new CompiledRateLimit(
        name, key, limits, tiers == null ? null : tiers.by(), Map.copyOf(byTier));
  }

  String name() {
    return name;
  }

  /** The tier of the caller ("" for the policy's own limits). */
  String tier(LimitedRequest request) {
    if (tierSource == null) {
      return "";
    }
    Principal principal = request.principal();
    String value;
    if (tierSource.startsWith("claim:")) {
      value = KeyPart.claim(principal, tierSource.substring("claim:".length()));
    } else {
      // consumer:<metadata key>: API-key consumers carry their metadata as claims.
      value =
          principal == null || principal.consumer() == null
              ? null
              : KeyPart.claim(principal, tierSource.substring("consumer:".length()));
    }
    return value != null && tiers.containsKey(value) ? value : "";
  }

  LimitSet limits(String tier) {
    return tier.isEmpty() ? limits : tiers.get(tier);
  }

  String key(LimitedRequest request, String tier) {
    StringBuilder out = new StringBuilder(64).append(name).append(SEPARATOR).append(tier);
    for (KeyPart part : key) {
      out.append(SEPARATOR).append(part.of(request));
    }
    return out.toString();
  }
}
