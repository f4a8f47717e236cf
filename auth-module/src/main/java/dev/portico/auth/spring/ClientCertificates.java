package dev.portico.auth.spring;

import dev.portico.auth.ClientCertificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.server.ServerWebExchange;

/**
 * The verified client certificate of an exchange's TLS connection, read once per exchange and kept
 * as an attribute. Plain-HTTP requests and TLS requests without a client certificate have none.
 */
public final class ClientCertificates {

  private static final String ATTRIBUTE = ClientCertificates.class.getName();
  private static final Object NONE = new Object();

  private ClientCertificates() {}

  /** The client certificate's identity, or empty. */
  public static Optional<ClientCertificate> of(ServerWebExchange exchange) {
    Object cached = exchange.getAttributes().get(ATTRIBUTE);
    if (cached == null) {
      cached = read(exchange.getRequest().getSslInfo());
      exchange.getAttributes().put(ATTRIBUTE, cached);
    }
    return cached instanceof ClientCertificate certificate
        ? Optional.of(certificate)
        : Optional.empty();
  }

  private static Object read(SslInfo ssl) {
    if (ssl == null) {
      return NONE;
    }
    X509Certificate[] peer = ssl.getPeerCertificates();
    return peer == null || peer.length == 0 ? NONE : ClientCertificate.of(peer[0]);
  }
}
