package dev.portico.gateway.discovery;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Discovers upstream endpoints in DNS (A, AAAA, SRV) and keeps them current, following each
 * answer's TTL. Config-agnostic: give it a {@link DnsTarget} and a callback, get a {@link DnsWatch}
 * (see there for the refresh, failure and threading guarantees).
 *
 * <p>Queries go out through Netty's DNS client on one event loop: either a private one (one daemon
 * thread, created by {@link #create}, shut down by {@link #close}) or one the caller owns ({@link
 * #using}, not shut down here). Nothing blocks that loop; a name server that never answers costs
 * one query timeout per attempt and holds up no other target. Thread-safe.
 */
public final class DnsDiscovery implements AutoCloseable {

  /** Default time to wait for one name server's answer before trying the next. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(2);

  private final EventLoop loop;
  private final EventLoopGroup ownedGroup;
  private final Clock clock;
  private final Duration queryTimeout;
  private final Set<DnsWatch> watches = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private DnsDiscovery(
      EventLoop loop, EventLoopGroup ownedGroup, Clock clock, Duration queryTimeout) {
    this.loop = loop;
    this.ownedGroup = ownedGroup;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.queryTimeout = Objects.requireNonNull(queryTimeout, "queryTimeout");
    if (queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException("queryTimeout: " + queryTimeout + " must be positive");
    }
  }

  /** A discovery with its own DNS thread (daemon, named {@code portico-dns-*}). */
  public static DnsDiscovery create(Clock clock, Duration queryTimeout) {
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("portico-dns", true), NioIoHandler.newFactory());
    return new DnsDiscovery(group.next(), group, clock, queryTimeout);
  }

  /** A discovery on the caller's NIO event loop, which the caller keeps and shuts down. */
  public static DnsDiscovery using(EventLoop loop, Clock clock, Duration queryTimeout) {
    return new DnsDiscovery(Objects.requireNonNull(loop, "loop"), null, clock, queryTimeout);
  }

  /**
   * Starts keeping {@code target} resolved. Returns at once; the first resolution runs on the DNS
   * loop and ends with an {@code onChange} call (an empty list if it failed).
   *
   * @throws IllegalStateException if this discovery is closed
   */
  public DnsWatch start(DnsTarget target, Consumer<List<DiscoveredEndpoint>> onChange) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(onChange, "onChange");
    if (closed) {
      throw new IllegalStateException("DNS discovery is closed");
    }
    DnsLookup lookup = DnsLookup.create(loop, target.nameServerAddresses(), queryTimeout);
    DnsWatch watch = new DnsWatch(target, lookup, loop, clock, onChange, watches::remove);
    watches.add(watch);
    watch.begin();
    return watch;
  }

  /**
   * Stops every watch and, for {@link #create}d discoveries, shuts the DNS thread down (waiting up
   * to a few seconds when not called from that thread).
   */
  @Override
  public void close() {
    closed = true;
    List.copyOf(watches).forEach(DnsWatch::close);
    if (ownedGroup != null) {
      var termination = ownedGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
      if (!loop.inEventLoop()) {
        termination.awaitUninterruptibly(5, TimeUnit.SECONDS);
      }
    }
  }
}
