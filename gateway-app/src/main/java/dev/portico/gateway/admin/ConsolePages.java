package dev.portico.gateway.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The console's page and static files: {@code /admin/} (one page, the views switch in the browser),
 * its script and style from admin-ui's resources, and uPlot from its WebJar. The files carry no
 * data and no secrets; the page itself is served to signed-in callers only.
 */
final class ConsolePages {

  static final String ASSETS = "/admin/assets/";

  /** Keep in step with uplot.version in the parent pom. */
  static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  private static final String CONSOLE = "dev/portico/admin/console/";

  private static final Map<String, String> FILES =
      Map.of(
          "app.js", CONSOLE + "app.js",
          "style.css", CONSOLE + "style.css",
          "uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js",
          "uPlot.min.css", UPLOT + "uPlot.min.css");

  Mono<Void> asset(ServerWebExchange exchange, String path) {
    String name = path.substring(ASSETS.length());
    String resource = FILES.get(name);
    if (resource == null) {
      return AdminJson.problem(
          exchange, dev.portico.gateway.error.ProblemType.NOT_FOUND, "No such console file.");
    }
    MediaType type =
        name.endsWith(".js")
            ? MediaType.parseMediaType("text/javascript;charset=UTF-8")
            : MediaType.parseMediaType("text/css;charset=UTF-8");
    return send(exchange, resource, type);
  }

  Mono<Void> page(ServerWebExchange exchange, String path, AdminCaller caller) {
    ServerHttpResponse response = exchange.getResponse();
    if (path.equals("/admin")) {
      response.setStatusCode(HttpStatus.FOUND);
      response.getHeaders().setLocation(java.net.URI.create("/admin/"));
      return response.setComplete();
    }
    if (!path.equals("/admin/")) {
      return AdminJson.problem(
          exchange, dev.portico.gateway.error.ProblemType.NOT_FOUND, "No such console page.");
    }
    if (caller != null && caller.session()) {
      Csrf.ensureCookie(exchange);
    }
    var headers = response.getHeaders();
    headers.set(
        "Content-Security-Policy",
        "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none';"
            + " form-action 'self'");
    headers.set("X-Frame-Options", "DENY");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    return send(
        exchange, CONSOLE + "index.html", MediaType.parseMediaType("text/html;charset=UTF-8"));
  }

  private static Mono<Void> send(ServerWebExchange exchange, String resource, MediaType type) {
    return Mono.fromCallable(() -> read(resource))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            bytes -> {
              ServerHttpResponse response = exchange.getResponse();
              response.setStatusCode(HttpStatus.OK);
              response.getHeaders().setContentType(type);
              response.getHeaders().setCacheControl("no-cache");
              response.getHeaders().setContentLength(bytes.length);
              return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
            });
  }

  private static byte[] read(String resource) throws IOException {
    try (InputStream in = ConsolePages.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing console resource " + resource);
      }
      return in.readAllBytes();
    }
  }
}
