package dev.portico.gateway.discovery;

import dev.portico.gateway.discovery.DnsLookup.Answer;
import dev.portico.gateway.discovery.DnsLookup.Srv;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Turns one target into its endpoints with one round of queries. A round fails as a whole when any
 * of its queries fails for a transient reason (timeout, server error), so a half-answered round
 * never replaces a complete list. An SRV target whose name does not exist or has no addresses
 * contributes nothing; a round that ends with no endpoint fails with EMPTY_ANSWER (or
 * NAME_NOT_FOUND when the name itself does not exist).
 */
final class EndpointResolver {

  /** The endpoints of one round (sorted, one per id) and the smallest TTL among the records. */
  record Resolution(List<DiscoveredEndpoint> endpoints, long ttlSeconds) {}

  private static final List<DnsRecordType> BOTH = List.of(DnsRecordType.A, DnsRecordType.AAAA);

  private final DnsLookup lookup;
  private final DnsTarget target;

  EndpointResolver(DnsLookup lookup, DnsTarget target) {
    this.lookup = lookup;
    this.target = target;
  }

  CompletableFuture<Resolution> resolve() {
    CompletableFuture<Resolution> round =
        switch (target.type()) {
          case A -> addressRound(List.of(DnsRecordType.A));
          case AAAA -> addressRound(List.of(DnsRecordType.AAAA));
          case A_AND_AAAA -> addressRound(BOTH);
          case SRV -> lookup.srv(target.name()).thenCompose(this::srvRound);
        };
    return round.thenApply(this::requireEndpoints);
  }

  private CompletableFuture<Resolution> addressRound(List<DnsRecordType> types) {
    return addresses(target.name(), types)
        .thenApply(
            answer ->
                new Resolution(
                    endpoints(answer, target.port(), 1, 0, target.name()), answer.ttlSeconds()));
  }

  private CompletableFuture<Resolution> srvRound(Answer<Srv> srv) {
    List<CompletableFuture<Resolution>> perRecord = new ArrayList<>();
    for (Srv record : srv.records()) {
      if (!".".equals(record.target())) { // "." = service decidedly not available here
        perRecord.add(srvTarget(record));
      }
    }
    return CompletableFuture.allOf(perRecord.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              List<DiscoveredEndpoint> all = new ArrayList<>();
              long ttl = srv.ttlSeconds();
              for (CompletableFuture<Resolution> part : perRecord) {
                all.addAll(part.join().endpoints());
                ttl = Math.min(ttl, part.join().ttlSeconds());
              }
              return new Resolution(all, ttl);
            });
  }

  private CompletableFuture<Resolution> srvTarget(Srv record) {
    if (NetUtil.isValidIpV4Address(record.target())
        || NetUtil.isValidIpV6Address(record.target())) {
      DiscoveredEndpoint literal = endpoint(record.target(), record, record.target());
      return CompletableFuture.completedFuture(new Resolution(List.of(literal), Long.MAX_VALUE));
    }
    return addresses(record.target(), BOTH)
        .handle(
            (answer, error) -> {
              if (error != null && kindOf(error) != DnsFailure.Kind.NAME_NOT_FOUND) {
                throw new CompletionException(error);
              }
              return answer == null
                  ? new Resolution(List.of(), Long.MAX_VALUE)
                  : new Resolution(
                      endpoints(
                          answer,
                          record.port(),
                          record.weight(),
                          record.priority(),
                          record.target()),
                      answer.ttlSeconds());
            });
  }

  /**
   * The union of the answers for {@code types}. Fails when any query fails transiently, with
   * NAME_NOT_FOUND when every query says the name does not exist.
   */
  private CompletableFuture<Answer<InetAddress>> addresses(String name, List<DnsRecordType> types) {
    List<CompletableFuture<Answer<InetAddress>>> parts =
        types.stream().map(type -> lookup.addresses(name, type)).toList();
    return CompletableFuture.allOf(
            parts.stream()
                .map(part -> part.handle((a, e) -> null))
                .toArray(CompletableFuture[]::new))
        .thenApply(ignored -> merge(parts));
  }

  private static Answer<InetAddress> merge(List<CompletableFuture<Answer<InetAddress>>> parts) {
    List<InetAddress> records = new ArrayList<>();
    long ttl = Long.MAX_VALUE;
    Throwable notFound = null;
    for (CompletableFuture<Answer<InetAddress>> part : parts) {
      try {
        Answer<InetAddress> answer = part.join();
        records.addAll(answer.records());
        ttl = Math.min(ttl, answer.ttlSeconds());
      } catch (CompletionException e) {
        if (kindOf(e) != DnsFailure.Kind.NAME_NOT_FOUND) {
          throw e;
        }
        notFound = e.getCause();
      }
    }
    if (notFound != null && records.isEmpty()) {
      throw new CompletionException(notFound);
    }
    return new Answer<>(records, ttl);
  }

  private List<DiscoveredEndpoint> endpoints(
      Answer<InetAddress> answer, int port, int weight, int priority, String hostname) {
    return answer.records().stream()
        .map(
            address ->
                new DiscoveredEndpoint(
                    NetUtil.toAddressString(address),
                    port,
                    target.scheme(),
                    weight,
                    priority,
                    hostname))
        .toList();
  }

  private DiscoveredEndpoint endpoint(String address, Srv record, String hostname) {
    return new DiscoveredEndpoint(
        NetUtil.toAddressString(NetUtil.createInetAddressFromIpAddressString(address)),
        record.port(),
        target.scheme(),
        record.weight(),
        record.priority(),
        hostname);
  }

  /**
   * Sorted, one endpoint per id (the most preferred: lowest priority, then highest weight), and at
   * least one; otherwise the round failed.
   */
  private Resolution requireEndpoints(Resolution round) {
    Map<String, DiscoveredEndpoint> byId = new LinkedHashMap<>();
    round.endpoints().stream()
        .sorted(
            Comparator.comparingInt(DiscoveredEndpoint::priority)
                .thenComparing(Comparator.comparingInt(DiscoveredEndpoint::weight).reversed())
                .thenComparing(DiscoveredEndpoint::hostname))
        .forEach(endpoint -> byId.putIfAbsent(endpoint.id(), endpoint));
    if (byId.isEmpty()) {
      throw new DnsLookupException(
          DnsFailure.Kind.EMPTY_ANSWER,
          target.type() + " " + target.name() + ": no endpoint in the answer");
    }
    List<DiscoveredEndpoint> sorted =
        byId.values().stream().sorted(DiscoveredEndpoint.ORDER).toList();
    return new Resolution(sorted, round.ttlSeconds());
  }

  /** The failure kind of a (possibly wrapped) lookup error; NETWORK for anything unexpected. */
  static DnsFailure.Kind kindOf(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof DnsLookupException lookupError
        ? lookupError.kind()
        : DnsFailure.Kind.NETWORK;
  }
}
