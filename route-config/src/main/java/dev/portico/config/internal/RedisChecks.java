package dev.portico.config.internal;

import dev.portico.config.model.RedisMode;
import dev.portico.config.model.RedisSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The checks of {@code gateway.rate-limiting.redis}: addresses, mode, timeouts, key prefix. */
final class RedisChecks {

  private static final Set<String> SCHEMES = Set.of("redis", "rediss");
  private static final Duration LONGEST_TIMEOUT = Duration.ofSeconds(10);

  private final Diagnostics diagnostics;
  private final ConfigValidator shared;

  RedisChecks(Diagnostics diagnostics, ConfigValidator shared) {
    this.diagnostics = diagnostics;
    this.shared = shared;
  }

  void check(String path, RedisSettings redis) {
    List<String> nodes = redis.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      String problem = nodes.get(i) == null ? null : addressProblem(nodes.get(i));
      if (problem != null) {
        diagnostics.error(YamlPaths.index(YamlPaths.child(path, "nodes"), i), problem);
      }
    }
    if (redis.mode() == RedisMode.STANDALONE && nodes.size() > 1) {
      diagnostics.error(
          YamlPaths.child(path, "nodes"),
          "standalone takes exactly one node ("
              + nodes.size()
              + " given); for Redis Cluster set mode: cluster");
    }
    if (redis.mode() == RedisMode.CLUSTER && redis.database() != 0) {
      diagnostics.error(
          YamlPaths.child(path, "database"), "Redis Cluster has only database 0; leave it out");
    }
    checkTimeout(YamlPaths.child(path, "timeout"), redis.timeout());
    checkTimeout(YamlPaths.child(path, "connect-timeout"), redis.connectTimeout());
    String prefix = redis.keyPrefix();
    if (prefix != null && (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0)) {
      diagnostics.error(
          YamlPaths.child(path, "key-prefix"),
          "must not contain { or }: Portico puts each key's hash tag after the prefix");
    }
  }

  private void checkTimeout(String path, Duration timeout) {
    shared.positive(path, timeout);
    if (timeout != null && timeout.compareTo(LONGEST_TIMEOUT) > 0) {
      diagnostics.error(path, "must be at most 10s (a rate-limit decision waits for it)");
    }
  }

  private static String addressProblem(String address) {
    URI node;
    try {
      node = new URI(address);
    } catch (URISyntaxException e) {
      return "'"
          + address
          + "' is not a Redis address (expected redis://host:port): "
          + e.getReason();
    }
    if (node.getScheme() == null || !SCHEMES.contains(node.getScheme())) {
      return "'" + node + "' is not a Redis address (expected redis://host:port or rediss://...)";
    }
    if (node.getHost() == null) {
      return "'" + node + "' has no host (expected redis://host:port)";
    }
    if (node.getRawUserInfo() != null) {
      return "put credentials in username and password (e.g. ${env:REDIS_PASSWORD}), not in the"
          + " address: addresses appear in logs";
    }
    boolean extra =
        (node.getRawPath() != null && !node.getRawPath().isEmpty())
            || node.getRawQuery() != null
            || node.getRawFragment() != null;
    return extra ? "'" + node + "' has a path or query (set database separately)" : null;
  }
}
