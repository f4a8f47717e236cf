package dev.portico.ratelimit;

import dev.portico.config.model.RedisMode;
import dev.portico.config.model.RedisSettings;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to Redis (one server or a Redis Cluster) that runs Portico's Lua scripts without
 * blocking: every call returns at once with a future completed on a Lettuce I/O thread.
 *
 * <p>Failure behaviour: while Redis cannot be reached, calls fail at once (commands are rejected,
 * not queued) or after {@code timeout}; the store keeps (re)connecting in the background — first
 * through Lettuce's reconnect, and when the very first connection fails, by retrying every second —
 * so recovery needs nothing from the operator. A script missing from Redis' cache (after a restart
 * or failover) is sent once in full with EVAL, which caches it again.
 */
public final class RedisStore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisStore.class);
  private static final Duration FIRST_CONNECT_RETRY = Duration.ofSeconds(1);
  private static final Duration RECONNECT_CEILING = Duration.ofSeconds(2);

  private final RedisSettings settings;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final ScheduledExecutorService scheduler;
  private volatile StatefulConnection<String, String> connection;
  private volatile RedisScriptingAsyncCommands<String, String> commands;
  private volatile boolean closed;

  private RedisStore(RedisSettings settings, ScheduledExecutorService scheduler) {
    this.settings = settings;
    this.scheduler = scheduler;
    this.resources =
        DefaultClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(1)
            // Reconnect soon after Redis is back: 100 ms doubling to at most 2 s between tries.
            .reconnectDelay(
                () ->
                    Delay.exponential(
                        Duration.ofMillis(100), RECONNECT_CEILING, 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = settings.mode() == RedisMode.CLUSTER ? clusterClient() : standaloneClient();
  }

  /**
   * Creates the store and starts connecting in the background; it is usable at once (calls fail
   * until the first connection is up).
   *
   * @param scheduler runs connection retries; owned by the caller
   */
  public static RedisStore start(RedisSettings settings, ScheduledExecutorService scheduler) {
    RedisStore store = new RedisStore(settings, scheduler);
    store.connect();
    return store;
  }

  private RedisClient standaloneClient() {
    RedisClient redis = RedisClient.create(resources);
    redis.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(socketOptions())
            .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
            .build());
    return redis;
  }

  private RedisClusterClient clusterClient() {
    RedisClusterClient cluster = RedisClusterClient.create(resources, uris());
    cluster.setOptions(
        ClusterClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(socketOptions())
            .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
            .topologyRefreshOptions(
                ClusterTopologyRefreshOptions.builder()
                    .enablePeriodicRefresh(Duration.ofSeconds(30))
                    .enableAllAdaptiveRefreshTriggers()
                    .build())
            .build());
    return cluster;
  }

  private SocketOptions socketOptions() {
    return SocketOptions.builder().connectTimeout(settings.connectTimeout()).build();
  }

  private List<RedisURI> uris() {
    return settings.nodes().stream().map(this::uri).toList();
  }

  private RedisURI uri(String node) {
    RedisURI uri = RedisURI.create(node);
    if (settings.password() != null && !settings.password().isEmpty()) {
      RedisCredentials credentials =
          RedisCredentials.just(settings.username(), settings.password());
      uri.setCredentialsProvider(RedisCredentialsProvider.from(() -> credentials));
    }
    if (settings.mode() == RedisMode.STANDALONE) {
      uri.setDatabase(settings.database());
    }
    uri.setTimeout(settings.timeout());
    return uri;
  }

  private void connect() {
    if (closed) {
      return;
    }
    CompletableFuture<? extends StatefulConnection<String, String>> attempt =
        client instanceof RedisClusterClient cluster
            // The slot map is read first: connectAsync needs it (Lettuce loads it lazily only
            // for the blocking connect).
            ? cluster
                .refreshPartitionsAsync()
                .toCompletableFuture()
                .thenCompose(topology -> cluster.connectAsync(StringCodec.UTF8))
            : ((RedisClient) client)
                .connectAsync(StringCodec.UTF8, uri(settings.nodes().get(0)))
                .toCompletableFuture();
    attempt.whenComplete(
        (connected, error) -> {
          if (error != null) {
            log.debug("Redis connection attempt failed; retrying in 1s: {}", error.toString());
            if (!closed) {
              scheduler.schedule(
                  this::connect, FIRST_CONNECT_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
          }
          adopt(connected);
        });
  }

  private void adopt(StatefulConnection<String, String> connected) {
    if (closed) {
      connected.closeAsync();
      return;
    }
    connection = connected;
    RedisScriptingAsyncCommands<String, String> ready =
        connected instanceof StatefulRedisClusterConnection<String, String> cluster
            ? cluster.async()
            : ((StatefulRedisConnection<String, String>) connected).async();
    // Loaded once up front (on every master of a cluster), so decisions go by digest from the
    // start; a later NOSCRIPT (restart, failover) is handled per call.
    CompletableFuture.allOf(
            ready.scriptLoad(RedisScript.GCRA.source()).toCompletableFuture(),
            ready.scriptLoad(RedisScript.CENSUS.source()).toCompletableFuture())
        .whenComplete(
            (loaded, error) -> {
              commands = ready;
              log.info("Connected to Redis ({}) at {}", settings.mode(), settings.nodes());
            });
  }

  /** Whether a connection is established, its scripts loaded, and open now. */
  public boolean connected() {
    StatefulConnection<String, String> current = connection;
    return commands != null && current != null && current.isOpen();
  }

  /**
   * Runs {@code script} by its digest, falling back to the full text when Redis does not have it
   * cached. The future fails when Redis is unreachable, too slow or answers with an error.
   *
   * @param output how Redis' reply is decoded (MULTI: a list, INTEGER: a Long)
   */
  <T> CompletableFuture<T> run(
      RedisScript script, ScriptOutputType output, String[] keys, String... args) {
    RedisScriptingAsyncCommands<String, String> current = commands;
    if (current == null) {
      return CompletableFuture.failedFuture(
          new RedisUnavailableException("not connected to Redis yet"));
    }
    CompletionStage<T> bySha = current.evalsha(script.sha1(), output, keys, args);
    return bySha
        .toCompletableFuture()
        .handle(
            (result, error) -> {
              if (error == null) {
                return CompletableFuture.completedFuture(result);
              }
              if (unwrap(error) instanceof RedisNoScriptException) {
                CompletionStage<T> full = current.eval(script.source(), output, keys, args);
                return full.toCompletableFuture();
              }
              return CompletableFuture.<T>failedFuture(unwrap(error));
            })
        .thenCompose(future -> future);
  }

  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The configured key prefix. */
  String keyPrefix() {
    return settings.keyPrefix();
  }

  @Override
  public void close() {
    closed = true;
    StatefulConnection<String, String> current = connection;
    if (current != null) {
      current.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
