package dev.portico.gateway.tls;

import dev.portico.auth.ClientCertificate;
import dev.portico.auth.spring.ClientCertificates;
import java.util.Optional;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes X-Forwarded-Client-Cert on the request sent upstream; only Portico writes it. A
 * client-sent one is always dropped, and with forwarding on the verified client certificate's
 * identity is set in Envoy's format ({@code Hash=…;Subject="…";URI=…;DNS=…}), which Istio and Envoy
 * sidecars read. Runs after the forwarding-header filters (Spring Cloud Gateway removes every
 * X-Forwarded-* header of an untrusted peer). Immutable.
 */
final class ClientCertHeaderFilter implements HttpHeadersFilter, Ordered {

  static final String XFCC = "X-Forwarded-Client-Cert";
  private static final String UNSAFE = "[;,\"\\p{Cntrl}]";

  private final boolean forward;

  ClientCertHeaderFilter(boolean forward) {
    this.forward = forward;
  }

  @Override
  public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
    Optional<ClientCertificate> certificate =
        forward ? ClientCertificates.of(exchange) : Optional.empty();
    if (certificate.isEmpty() && !input.containsHeader(XFCC)) {
      return input;
    }
    HttpHeaders out = new HttpHeaders();
    out.putAll(input);
    out.remove(XFCC);
    certificate.ifPresent(c -> out.set(XFCC, value(c)));
    return out;
  }

  static String value(ClientCertificate certificate) {
    StringBuilder out = new StringBuilder("Hash=").append(certificate.fingerprint());
    out.append(";Subject=\"")
        .append(
            certificate
                .subject()
                .replaceAll("\\p{Cntrl}", "")
                .replace("\\", "\\\\")
                .replace("\"", "\\\""))
        .append('"');
    certificate.uris().forEach(uri -> out.append(";URI=").append(uri.replaceAll(UNSAFE, "")));
    certificate.dnsNames().forEach(dns -> out.append(";DNS=").append(dns.replaceAll(UNSAFE, "")));
    return out.toString();
  }

  @Override
  public boolean supports(Type type) {
    return type == Type.REQUEST;
  }

  @Override
  public int getOrder() {
    // After dev.portico.gateway.forwarded.ForwardedHeadersFilter.
    return Ordered.LOWEST_PRECEDENCE - 90;
  }
}
