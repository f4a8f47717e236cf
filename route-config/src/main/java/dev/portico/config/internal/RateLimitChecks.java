package dev.portico.config.internal;

import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.RateLimitPolicy;
import dev.portico.config.model.RateLimitSettings;
import dev.portico.config.model.RateLimitStore;
import dev.portico.config.model.RateLimitTiers;
import dev.portico.config.model.Route;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rate-limiting part of {@link ConfigValidator}: policies, their keys and tiers, references.
 */
final class RateLimitChecks {

  /** Key parts without an argument. */
  private static final String SETTINGS = "gateway.rate-limiting";

  static final Set<String> SIMPLE_KEYS = Set.of("client-ip", "subject", "consumer", "route");

  private final Diagnostics diagnostics;
  private final ConfigValidator shared;

  RateLimitChecks(Diagnostics diagnostics, ConfigValidator shared) {
    this.diagnostics = diagnostics;
    this.shared = shared;
  }

  void check(PorticoConfig config) {
    RateLimitSettings settings = config.gateway() == null ? null : config.gateway().rateLimiting();
    if (settings != null) {
      checkStores(settings, config.rateLimits());
    }
    config.rateLimits().forEach(this::checkPolicy);
    for (int i = 0; i < config.routes().size(); i++) {
      Route route = config.routes().get(i);
      if (route == null) {
        continue;
      }
      List<String> names = route.rateLimits();
      for (int j = 0; j < names.size(); j++) {
        if (names.get(j) != null) {
          String path =
              YamlPaths.index(YamlPaths.child(YamlPaths.index("routes", i), "rate-limits"), j);
          shared.checkReference(
              path, "rate-limit policy", names.get(j), config.rateLimits().keySet());
          checkNotKeyedByApiKey(path, route, names.get(j), config.rateLimits().get(names.get(j)));
        }
      }
    }
  }

  /**
   * A policy must not key a route's requests by the route's API-key header: Portico removes that
   * header once it has authenticated the caller, before the limits are counted, so every caller
   * would share one count; and the keys themselves would end up in the rate-limit store.
   */
  private void checkNotKeyedByApiKey(
      String path, Route route, String name, RateLimitPolicy policy) {
    if (policy == null || route.auth() == null || route.auth().apiKey() == null) {
      return;
    }
    String apiKeyHeader = route.auth().apiKey().header();
    for (String part : policy.key()) {
      if (part != null
          && part.startsWith("header:")
          && part.substring("header:".length()).equalsIgnoreCase(apiKeyHeader)) {
        diagnostics.error(
            path,
            "rate-limit policy '"
                + name
                + "' is keyed by "
                + part
                + ", this route's API-key header, which Portico removes after authenticating the"
                + " caller (every caller would share one count, and keys would reach the"
                + " rate-limit store); key it by consumer instead");
      }
    }
  }

  private void checkStores(RateLimitSettings settings, Map<String, RateLimitPolicy> policies) {
    boolean haveRedis = settings.redis() != null;
    if (settings.store() == RateLimitStore.REDIS && !haveRedis) {
      diagnostics.error(
          SETTINGS + ".store", "redis needs gateway.rate-limiting.redis (nodes: [redis://...])");
    }
    policies.forEach(
        (name, policy) -> {
          String path = YamlPaths.child("rate-limits", name);
          if (policy.store() == RateLimitStore.REDIS && !haveRedis) {
            diagnostics.error(
                YamlPaths.child(path, "store"),
                "redis needs gateway.rate-limiting.redis (nodes: [redis://...])");
          }
          RateLimitStore store = policy.store() != null ? policy.store() : settings.store();
          if (store == RateLimitStore.LOCAL && policy.onStoreFailure() != null) {
            diagnostics.error(
                YamlPaths.child(path, "on-store-failure"),
                "applies only to policies kept in Redis (this one is local)");
          }
        });
    if (haveRedis) {
      new RedisChecks(diagnostics, shared).check(SETTINGS + ".redis", settings.redis());
    }
  }

  private void checkPolicy(String name, RateLimitPolicy policy) {
    String path = YamlPaths.child("rate-limits", name);
    if (!ConfigValidator.NAME.matcher(name).matches()) {
      diagnostics.errorAtKey(path, "'" + name + "' is not a valid name (letters, digits, . _ -)");
    }
    List<String> key = policy.key();
    if (key.isEmpty()) {
      diagnostics.error(YamlPaths.child(path, "key"), "needs at least one part, e.g. client-ip");
    }
    for (int i = 0; i < key.size(); i++) {
      String part = key.get(i);
      String message = keyPartProblem(part);
      if (message != null) {
        diagnostics.error(YamlPaths.index(YamlPaths.child(path, "key"), i), message);
      }
    }
    RateLimitTiers tiers = policy.tiers();
    if (tiers != null && tiers.by() != null) {
      String by = tiers.by();
      boolean valid =
          (by.startsWith("claim:") && by.length() > "claim:".length())
              || (by.startsWith("consumer:") && by.length() > "consumer:".length());
      if (!valid) {
        diagnostics.error(
            YamlPaths.child(YamlPaths.child(path, "tiers"), "by"),
            "'"
                + by
                + "' is not a tier source (expected claim:<path>, e.g. claim:plan, or"
                + " consumer:<metadata key>)");
      }
    }
  }

  private static String keyPartProblem(String part) {
    if (part == null || SIMPLE_KEYS.contains(part)) {
      return null;
    }
    if (part.startsWith("claim:")) {
      return part.length() > "claim:".length() ? null : "claim: needs a claim path, e.g. claim:sub";
    }
    if (part.startsWith("header:")) {
      String header = part.substring("header:".length());
      return ConfigValidator.HEADER_NAME.matcher(header).matches()
          ? null
          : "'" + header + "' is not a header name";
    }
    String hint =
        Suggestions.closest(part, SIMPLE_KEYS).map(s -> "; did you mean '" + s + "'?").orElse("");
    return "'"
        + part
        + "' is not a key part (expected client-ip, subject, consumer, route, claim:<path> or"
        + " header:<name>)"
        + hint;
  }
}
