package dev.portico.gateway.filter;

import dev.portico.gateway.error.GatewayProblem;
import dev.portico.gateway.error.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Refuses HTTP/1.x requests whose framing or target a front proxy must not pass on, the checks
 * Netty's decoder leaves to the application (it already refuses conflicting or repeated
 * Content-Length, Content-Length with Transfer-Encoding, bare CR/LF and NUL in headers):
 *
 * <ul>
 *   <li>an HTTP/1.1 request without a Host header, or with several (RFC 9112 §3.2: 400), since the
 *       proxy and the upstream could each pick another one;
 *   <li>a Transfer-Encoding other than exactly {@code chunked} ({@code xchunked}, {@code identity,
 *       chunked}, {@code gzip, chunked}): a coding the gateway does not decode would leave the body
 *       unframed, the classic desync; answered 501 as RFC 9112 §6.1 asks.
 * </ul>
 *
 * <p>Both answers close the connection ({@code Connection: close}): bytes left in it after a
 * request with broken framing must never be read as the next request. Each refusal is counted in
 * {@code portico_requests_refused_total{reason}}. Stateless; thread-safe.
 */
public final class RequestFramingFilter implements WebFilter, Ordered {

  private final Counter hostRefused;
  private final Counter codingRefused;

  public RequestFramingFilter(MeterRegistry meters) {
    this.hostRefused = refusals(meters, "host");
    this.codingRefused = refusals(meters, "transfer-coding");
  }

  private static Counter refusals(MeterRegistry meters, String reason) {
    return Counter.builder("portico.requests.refused")
        .description("HTTP/1.x requests refused for their framing before any routing")
        .tag("reason", reason)
        .register(meters);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
    if (!(nativeRequest instanceof HttpServerRequest received)
        || !received.version().protocolName().equals("HTTP")
        || received.version().majorVersion() != 1) {
      return chain.filter(exchange);
    }
    HttpHeaders headers = request.getHeaders();
    List<String> hosts = headers.getOrEmpty(HttpHeaders.HOST);
    if (received.version() == HttpVersion.HTTP_1_1 && hosts.size() != 1) {
      hostRefused.increment();
      return refuse(
          exchange,
          ProblemType.INVALID_HOST,
          hosts.isEmpty()
              ? "An HTTP/1.1 request needs a Host header."
              : "The request has " + hosts.size() + " Host headers; one is allowed.");
    }
    List<String> codings = headers.getOrEmpty(HttpHeaders.TRANSFER_ENCODING);
    if (!codings.isEmpty()
        && (codings.size() != 1 || !codings.get(0).strip().equalsIgnoreCase("chunked"))) {
      codingRefused.increment();
      return refuse(
          exchange,
          ProblemType.UNSUPPORTED_TRANSFER_CODING,
          "Transfer-Encoding must be exactly \"chunked\".");
    }
    return chain.filter(exchange);
  }

  private static Mono<Void> refuse(ServerWebExchange exchange, ProblemType type, String detail) {
    exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
    return Mono.error(new GatewayProblem(type, detail));
  }

  @Override
  public int getOrder() {
    return FilterOrder.REQUEST_FRAMING;
  }
}
