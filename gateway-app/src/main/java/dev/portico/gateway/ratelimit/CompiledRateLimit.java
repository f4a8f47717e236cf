package dev.portico.gateway.ratelimit;

import dev.portico.auth.Principal;
import dev.portico.config.model.RateLimitPolicy;
import dev.portico.config.model.RateLimitSettings;
import dev.portico.config.model.RateLimitStore;
import dev.portico.config.model.RateLimitTiers;
import dev.portico.config.model.StoreFailureMode;
import dev.portico.ratelimit.LimitSet;
import dev.portico.ratelimit.SharedLimit;
import java.util.HashMap;
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
  private final List<String> keySpecs;
  private final List<KeyPart> key;
  private final LimitSet limits;
  private final SharedLimit shared;
  private final String tierSource;
  private final Map<String, LimitSet> tiers;
  private final Map<String, SharedLimit> sharedTiers;

  private CompiledRateLimit(
      String name,
      List<String> keySpecs,
      List<KeyPart> key,
      LimitSet limits,
      StoreFailureMode sharedMode,
      String tierSource,
      Map<String, LimitSet> tiers) {
    this.name = name;
    this.keySpecs = keySpecs;
    this.key = key;
    this.limits = limits;
    this.shared = sharedMode == null ? null : new SharedLimit(limits, sharedMode);
    this.tierSource = tierSource;
    this.tiers = tiers;
    Map<String, SharedLimit> sharedTiers = new HashMap<>();
    if (sharedMode != null) {
      tiers.forEach((tier, set) -> sharedTiers.put(tier, new SharedLimit(set, sharedMode)));
    }
    this.sharedTiers = Map.copyOf(sharedTiers);
  }

  /**
   * Compiles {@code policy} for one route.
   *
   * @param settings the gateway's rate-limiting settings (default store and failure mode)
   */
  static CompiledRateLimit compile(
      String name, RateLimitPolicy policy, RateLimitSettings settings, String routeId) {
    List<KeyPart> key = policy.key().stream().map(spec -> KeyPart.compile(spec, routeId)).toList();
    LimitSet limits = LimitSet.of(name, policy.limits(), policy.burst());
    RateLimitTiers tiers = policy.tiers();
    Map<String, LimitSet> byTier = new LinkedHashMap<>();
    if (tiers != null) {
      tiers
          .values()
          .forEach(
              (tier, tierLimits) ->
                  byTier.put(
                      tier,
                      LimitSet.of(name + "/" + tier, tierLimits.limits(), tierLimits.burst())));
    }
    RateLimitStore store = policy.store() != null ? policy.store() : settings.store();
    StoreFailureMode mode =
        store != RateLimitStore.REDIS
            ? null
            : policy.onStoreFailure() != null ? policy.onStoreFailure() : settings.onStoreFailure();
    return new CompiledRateLimit(
        name,
        List.copyOf(policy.key()),
        key,
        limits,
        mode,
        tiers == null ? null : tiers.by(),
        Map.copyOf(byTier));
  }

  /** The limits as kept in the shared store, or null when this policy is kept locally. */
  SharedLimit shared(String tier) {
    return tier.isEmpty() ? shared : sharedTiers.get(tier);
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

  /**
   * The request's key as the admin console shows it: {@code part=value} per part, joined by {@code
   * " + "}, with credential-carrying header values masked by {@code mask}.
   */
  String shownKey(LimitedRequest request, KeyMask mask) {
    StringBuilder out = new StringBuilder(64);
    for (int i = 0; i < key.size(); i++) {
      if (i > 0) {
        out.append(" + ");
      }
      out.append(mask.show(keySpecs.get(i), key.get(i).of(request), request.principal()));
    }
    return out.toString();
  }

  String key(LimitedRequest request, String tier) {
    StringBuilder out = new StringBuilder(64).append(name).append(SEPARATOR).append(tier);
    for (KeyPart part : key) {
      out.append(SEPARATOR).append(part.of(request));
    }
    return out.toString();
  }
}
