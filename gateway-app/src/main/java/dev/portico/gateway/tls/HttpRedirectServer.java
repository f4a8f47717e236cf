package dev.portico.gateway.tls;

import dev.portico.config.routing.HostPattern;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The plain-HTTP port of a TLS listener: every request is answered with 308 Permanent Redirect to
 * the same host, path and query on https (the method and body are kept by clients on 308). Started
 * once the TLS listener's port is known; a request without a usable Host header gets 400. Reads
 * nothing of the request body and proxies nothing.
 */
public final class HttpRedirectServer implements ApplicationListener<WebServerInitializedEvent> {

  private static final Logger log = LoggerFactory.getLogger(HttpRedirectServer.class);
  private static final Pattern HOST = Pattern.compile("[a-z0-9.\\-]+|\\[[0-9a-f:.]+]");

  private final String address;
  private final int port;
  private volatile DisposableServer server;
  private volatile int httpsPort;

  public HttpRedirectServer(String address, int port) {
    this.address = address;
    this.port = port;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (event.getApplicationContext().getServerNamespace() != null || server != null) {
      return;
    }
    httpsPort = event.getWebServer().getPort();
    server = HttpServer.create().host(address).port(port).handle(this::redirect).bindNow();
    log.info("redirecting plain HTTP on port {} to https on port {}", server.port(), httpsPort);
  }

  /** The port the redirect listens on, once started; -1 before. */
  public int port() {
    DisposableServer running = server;
    return running == null ? -1 : running.port();
  }

  private Mono<Void> redirect(HttpServerRequest request, HttpServerResponse response) {
    String host = request.requestHeaders().get(HttpHeaderNames.HOST);
    String name = host == null ? "" : HostPattern.normalize(host);
    if (name.isEmpty() || !HOST.matcher(name).matches()) {
      return response.status(HttpResponseStatus.BAD_REQUEST).send();
    }
    String location = "https://" + name + (httpsPort == 443 ? "" : ":" + httpsPort) + request.uri();
    return response
        .status(HttpResponseStatus.PERMANENT_REDIRECT)
        .header(HttpHeaderNames.LOCATION, location)
        .header(HttpHeaderNames.CONTENT_LENGTH, "0")
        .send();
  }

  /** Stops the redirect listener. */
  public void close() {
    DisposableServer running = server;
    if (running != null) {
      running.disposeNow();
    }
  }
}
