package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.NonEmpty;
import dev.portico.config.schema.Range;
import dev.portico.config.schema.Required;
import java.time.Duration;
import java.util.List;

/** The Redis server or cluster that shared rate limits are kept in. */
@Doc("The Redis server or cluster that shared rate limits are kept in.")
public record RedisSettings(
    @Doc("standalone (one server) or cluster (Redis Cluster; nodes are seeds).")
        @Default("standalone")
        RedisMode mode,
    @Doc(
            "Addresses as redis://host:port (rediss:// for TLS). standalone takes exactly one;"
                + " cluster takes one or more seed nodes.")
        @Required
        @NonEmpty
        List<String> nodes,
    @Doc("ACL user name (Redis 6+); leave out for the default user.") String username,
    @Doc("Password; write it as ${env:NAME} or ${file:/path}.") String password,
    @Doc("Database number (standalone only; Redis Cluster has only database 0).")
        @Default("0")
        @Range(min = 0, max = 15)
        int database,
    @Doc(
            "Longest wait for one rate-limit decision; past it the store counts as failed and"
                + " on-store-failure applies. Keep it in milliseconds.")
        @Default("50ms")
        Duration timeout,
    @Doc("Longest wait when (re)connecting.") @Default("1s") Duration connectTimeout,
    @Doc("Prefix of every key Portico writes.") @Default("\"portico:rl:\"") String keyPrefix) {

  public RedisSettings {
    nodes = Models.list(nodes);
  }
}
