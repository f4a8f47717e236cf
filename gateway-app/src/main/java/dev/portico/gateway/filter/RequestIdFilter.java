package dev.portico.gateway.filter;

import dev.portico.config.model.RequestIdSettings;
import dev.portico.gateway.snapshot.SnapshotHolder;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an id: the client's, when it sent a well-formed one and the configuration
 * trusts it, otherwise a new random 128-bit hex id. The id goes back to the client in the
 * configured header and into problem responses and logs; {@link RequestIdHeadersFilter} sends it
 * upstream. A web filter rather than a gateway filter, so requests that match no route get an id
 * too.
 */
public final class RequestIdFilter implements WebFilter, Ordered {

  /** Exchange attribute holding the request id. */
  public static final String REQUEST_ID_ATTR = "portico.requestId";

  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

  private final SnapshotHolder snapshots;
  private final Supplier<String> generator;

  public RequestIdFilter(SnapshotHolder snapshots) {
    this(snapshots, RequestIdFilter::randomId);
  }

  RequestIdFilter(SnapshotHolder snapshots, Supplier<String> generator) {
    this.snapshots = snapshots;
    this.generator = generator;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    RequestIdSettings settings = snapshots.current().config().gateway().requestId();
    String header = settings.header();
    String incoming = exchange.getRequest().getHeaders().getFirst(header);
    boolean keep =
        settings.trustIncoming() && incoming != null && WELL_FORMED.matcher(incoming).matches();
    String id = keep ? incoming : generator.get();
    exchange.getAttributes().put(REQUEST_ID_ATTR, id);
    exchange.getResponse().getHeaders().set(header, id);
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    return FilterOrder.REQUEST_ID;
  }

  static String randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
