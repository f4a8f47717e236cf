package dev.portico.gateway.discovery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.resolver.dns.DnsServerAddressStream;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Raw DNS queries with TTLs through Netty's {@link DnsNameResolver#query}, asking the name servers
 * in order: a timeout, a socket error or an error code other than NXDOMAIN moves on to the next
 * server; NOERROR and NXDOMAIN are final. Every answer is decoded and released inside the listener,
 * so no Netty buffer escapes. Futures complete on the event loop; nothing here blocks.
 */
final class DnsLookup implements AutoCloseable {

  /** An SRV record's data (RFC 2782). */
  record Srv(int priority, int weight, int port, String target) {}

  /** The records of one answer, with the smallest TTL among them (Long.MAX_VALUE when none). */
  record Answer<T>(List<T> records, long ttlSeconds) {}

  private final DnsNameResolver resolver;
  private final List<InetSocketAddress> servers;

  private DnsLookup(DnsNameResolver resolver, List<InetSocketAddress> servers) {
    this.resolver = resolver;
    this.servers = servers;
  }

  static DnsLookup create(EventLoop loop, List<InetSocketAddress> configured, Duration timeout) {
    List<InetSocketAddress> servers = configured.isEmpty() ? systemServers() : configured;
    DnsNameResolver resolver =
        new DnsNameResolverBuilder(loop)
            .datagramChannelType(NioDatagramChannel.class)
            .socketChannelType(NioSocketChannel.class) // TCP retry of truncated answers
            .nameServerProvider(new SequentialDnsServerAddressStreamProvider(servers))
            .queryTimeoutMillis(Math.max(1, timeout.toMillis()))
            .recursionDesired(true)
            .build();
    return new DnsLookup(resolver, List.copyOf(servers));
  }

  private static List<InetSocketAddress> systemServers() {
    DnsServerAddressStream stream =
        DnsServerAddressStreamProviders.platformDefault().nameServerAddressStream("");
    List<InetSocketAddress> servers = new ArrayList<>();
    for (int i = 0; i < stream.size(); i++) {
      servers.add(stream.next());
    }
    return servers;
  }

  /** The A (or AAAA) addresses of {@code name}. */
  CompletableFuture<Answer<InetAddress>> addresses(String name, DnsRecordType type) {
    return query(name, type, DnsLookup::decodeAddress);
  }

  /** The SRV records of {@code name}. */
  CompletableFuture<Answer<Srv>> srv(String name) {
    return query(name, DnsRecordType.SRV, DnsLookup::decodeSrv);
  }

  private <T> CompletableFuture<Answer<T>> query(
      String name, DnsRecordType type, Decoder<T> decoder) {
    CompletableFuture<Answer<T>> result = new CompletableFuture<>();
    attempt(new Query<>(name, type, decoder, result), 0, null);
    return result;
  }

  private <T> void attempt(Query<T> query, int server, DnsLookupException previous) {
    if (server >= servers.size()) {
      query.result.completeExceptionally(
          previous != null
              ? previous
              : new DnsLookupException(DnsFailure.Kind.NETWORK, "no name server configured"));
      return;
    }
    InetSocketAddress address = servers.get(server);
    String where =
        query.type.name() + " " + query.name + " @" + NetUtil.toSocketAddressString(address);
    resolver
        .query(address, new DefaultDnsQuestion(query.name + ".", query.type))
        .addListener(
            (Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> done) -> {
              if (!done.isSuccess()) {
                attempt(query, server + 1, transportFailure(where, done.cause()));
                return;
              }
              AddressedEnvelope<DnsResponse, InetSocketAddress> envelope = done.getNow();
              try {
                DnsLookupException failure = settle(query, envelope.content(), where);
                if (failure != null) {
                  attempt(query, server + 1, failure);
                }
              } finally {
                envelope.release();
              }
            });
  }

  /** Completes the query from a response, or returns the failure that moves to the next server. */
  private static <T> DnsLookupException settle(Query<T> query, DnsResponse response, String where) {
    DnsResponseCode code = response.code();
    if (DnsResponseCode.NXDOMAIN.equals(code)) {
      query.result.completeExceptionally(
          new DnsLookupException(DnsFailure.Kind.NAME_NOT_FOUND, where + ": NXDOMAIN"));
    } else if (!DnsResponseCode.NOERROR.equals(code)) {
      return new DnsLookupException(DnsFailure.Kind.SERVER_FAILURE, where + ": " + code);
    } else {
      try {
        query.result.complete(decode(response, query.type, query.decoder));
      } catch (RuntimeException | UnknownHostException e) {
        return new DnsLookupException(DnsFailure.Kind.NETWORK, where + ": malformed answer " + e);
      }
    }
    return null;
  }

  private static <T> Answer<T> decode(DnsResponse response, DnsRecordType type, Decoder<T> decoder)
      throws UnknownHostException {
    List<T> records = new ArrayList<>();
    long ttl = Long.MAX_VALUE;
    for (int i = 0, n = response.count(DnsSection.ANSWER); i < n; i++) {
      DnsRecord record = response.recordAt(DnsSection.ANSWER, i);
      // A CNAME chain comes first in the answer; only the records of the asked type count.
      if (type.equals(record.type()) && record instanceof DnsRawRecord raw) {
        records.add(decoder.decode(raw.content()));
        ttl = Math.min(ttl, record.timeToLive());
      }
    }
    return new Answer<>(List.copyOf(records), ttl);
  }

  private static InetAddress decodeAddress(ByteBuf content) throws UnknownHostException {
    return InetAddress.getByAddress(ByteBufUtil.getBytes(content));
  }

  static Srv decodeSrv(ByteBuf content) {
    int start = content.readerIndex();
    // The content is a view into the whole message, so a compressed target name still decodes.
    ByteBuf name = content.duplicate().readerIndex(start + 6);
    String target = DefaultDnsRecordDecoder.decodeName(name);
    return new Srv(
        content.getUnsignedShort(start),
        content.getUnsignedShort(start + 2),
        content.getUnsignedShort(start + 4),
        target.endsWith(".") && target.length() > 1
            ? target.substring(0, target.length() - 1)
            : target);
  }

  private static DnsLookupException transportFailure(String where, Throwable cause) {
    if (cause instanceof DnsNameResolverTimeoutException) {
      return new DnsLookupException(DnsFailure.Kind.TIMEOUT, where + ": no answer (timeout)");
    }
    return new DnsLookupException(DnsFailure.Kind.NETWORK, where + ": " + cause);
  }

  @Override
  public void close() {
    resolver.close();
  }

  @FunctionalInterface
  private interface Decoder<T> {
    T decode(ByteBuf content) throws UnknownHostException;
  }

  private record Query<T>(
      String name, DnsRecordType type, Decoder<T> decoder, CompletableFuture<Answer<T>> result) {}
}
