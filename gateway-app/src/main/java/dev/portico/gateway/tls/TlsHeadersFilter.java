package dev.portico.gateway.tls;

import dev.portico.auth.ClientCertificate;
import dev.portico.auth.spring.ClientCertificates;
import dev.portico.gateway.filter.FilterOrder;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The headers a TLS listener owns: Strict-Transport-Security on every response (when configured),
 * and X-Forwarded-Client-Cert towards the upstream, which only Portico writes: a client-sent one is
 * always removed, and the verified certificate's identity is set when forwarding is on. Immutable.
 */
final class TlsHeadersFilter implements WebFilter, Ordered {

  static final String XFCC = "X-Forwarded-Client-Cert";
  private static final String HSTS = "Strict-Transport-Security";

  private final String hsts;
  private final boolean forwardClientCert;

  /**
   * @param hsts the Strict-Transport-Security value, or null to send none
   * @param forwardClientCert whether the verified client certificate goes upstream
   */
  TlsHeadersFilter(String hsts, boolean forwardClientCert) {
    this.hsts = hsts;
    this.forwardClientCert = forwardClientCert;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (hsts != null) {
      exchange
          .getResponse()
          .beforeCommit(
              () -> {
                exchange.getResponse().getHeaders().set(HSTS, hsts);
                return Mono.empty();
              });
    }
    Optional<ClientCertificate> certificate =
        forwardClientCert ? ClientCertificates.of(exchange) : Optional.empty();
    if (certificate.isEmpty() && !exchange.getRequest().getHeaders().containsHeader(XFCC)) {
      return chain.filter(exchange);
    }
    ServerHttpRequest request =
        exchange
            .getRequest()
            .mutate()
            .headers(
                headers -> {
                  headers.remove(XFCC);
                  certificate.ifPresent(c -> headers.set(XFCC, value(c)));
                })
            .build();
    return chain.filter(exchange.mutate().request(request).build());
  }

  /** Envoy's format: {@code Hash=…;Subject="…";URI=…;DNS=…}. */
  static String value(ClientCertificate certificate) {
    StringBuilder out = new StringBuilder("Hash=").append(certificate.fingerprint());
    out.append(";Subject=\"").append(quoted(certificate.subject())).append('"');
    for (String uri : certificate.uris()) {
      out.append(";URI=").append(uri.replaceAll("[;,\"\\p{Cntrl}]", ""));
    }
    for (String dns : certificate.dnsNames()) {
      out.append(";DNS=").append(dns.replaceAll("[;,\"\\p{Cntrl}]", ""));
    }
    return out.toString();
  }

  private static String quoted(String text) {
    return text.replaceAll("\\p{Cntrl}", "").replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public int getOrder() {
    return FilterOrder.TLS_HEADERS;
  }
}
