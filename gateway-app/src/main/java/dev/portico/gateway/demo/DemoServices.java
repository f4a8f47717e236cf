package dev.portico.gateway.demo;

import dev.portico.gateway.internal.JsonStrings;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Small HTTP services on loopback for the demo: each answers any request with JSON naming the
 * instance that served it and what it received (method, path, query, forwarding and Portico
 * headers, body size). {@code /status/NNN} answers with that status; {@code ?delay=2s} waits first.
 */
public final class DemoServices {

  private static final Logger log = LoggerFactory.getLogger(DemoServices.class);

  /**
   * One demo instance. {@code POST /_demo/down} makes it answer 503 to everything else until {@code
   * POST /_demo/up}, so a failover can be triggered by hand.
   */
  public record Instance(String service, String name, String zone, int port, AtomicBoolean down) {

    public Instance(String service, String name, String zone, int port) {
      this(service, name, zone, port, new AtomicBoolean());
    }
  }

  /** The instances config/demo.yaml points at. */
  public static final List<Instance> DEFAULTS =
      List.of(
          new Instance("catalog", "catalog-a", "eu-west-1a", 9101),
          new Instance("catalog", "catalog-b", "eu-west-1b", 9102),
          new Instance("orders", "orders-a", "eu-west-1a", 9103),
          new Instance("catalog", "catalog-us", "us-east-1a", 9104),
          new Instance("catalog", "catalog-canary", "eu-west-1a", 9105));

  private DemoServices() {}

  /** Starts the default instances; they run until the JVM exits. */
  public static List<DisposableServer> startDefaults() {
    List<DisposableServer> servers = new ArrayList<>();
    for (Instance instance : DEFAULTS) {
      servers.add(start(instance));
      log.info(
          "Demo service {} ({}) listening on http://127.0.0.1:{}",
          instance.name(),
          instance.zone(),
          instance.port());
    }
    return servers;
  }

  public static DisposableServer start(Instance instance) {
    return HttpServer.create()
        .host("127.0.0.1")
        .port(instance.port())
        .handle((request, response) -> answer(instance, request, response))
        .bindNow();
  }

  private static Mono<Void> answer(
      Instance instance, HttpServerRequest request, HttpServerResponse response) {
    String uri = request.uri();
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    String query = uri.contains("?") ? uri.substring(uri.indexOf('?') + 1) : "";
    if (path.equals("/_demo/down") || path.equals("/_demo/up")) {
      instance.down().set(path.endsWith("down"));
      log.info("Demo service {} is now {}", instance.name(), path.endsWith("down") ? "down" : "up");
    }
    int status =
        instance.down().get() && !path.startsWith("/_demo/")
            ? 503
            : path.startsWith("/status/") ? parseStatus(path.substring("/status/".length())) : 200;
    Duration delay = parseDelay(query);
    return request
        .receive()
        .aggregate()
        .map(buf -> buf.readableBytes())
        .defaultIfEmpty(0)
        .delayElement(delay)
        .flatMap(
            bodyBytes -> {
              String json = json(instance, request, path, query, bodyBytes);
              return response
                  .status(HttpResponseStatus.valueOf(status))
                  .header("Content-Type", "application/json")
                  .header("X-Demo-Instance", instance.name())
                  .sendString(Mono.just(json), StandardCharsets.UTF_8)
                  .then();
            });
  }

  private static String json(
      Instance instance, HttpServerRequest request, String path, String query, int bodyBytes) {
    Map<String, String> headers = new TreeMap<>();
    request
        .requestHeaders()
        .forEach(
            e -> {
              String name = e.getKey().toLowerCase(java.util.Locale.ROOT);
              if (name.startsWith("x-") || name.equals("forwarded") || name.equals("host")) {
                headers.merge(name, e.getValue(), (a, b) -> a + ", " + b);
              }
            });
    StringBuilder out = new StringBuilder("{");
    field(out, "service", instance.service()).append(',');
    field(out, "instance", instance.name()).append(',');
    field(out, "zone", instance.zone()).append(',');
    field(out, "method", request.method().name()).append(',');
    field(out, "path", path).append(',');
    field(out, "query", query).append(',');
    out.append("\"body_bytes\":").append(bodyBytes).append(",\"headers\":{");
    boolean first = true;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      field(out, header.getKey(), header.getValue());
    }
    return out.append("}}\n").toString();
  }

  private static StringBuilder field(StringBuilder out, String name, String value) {
    JsonStrings.quote(name, out).append(':');
    return JsonStrings.quote(value, out);
  }

  private static int parseStatus(String text) {
    try {
      int status = Integer.parseInt(text.replaceAll("/.*", ""));
      return status >= 200 && status <= 599 ? status : 400;
    } catch (NumberFormatException e) {
      return 400;
    }
  }

  private static Duration parseDelay(String query) {
    for (String pair : query.split("&")) {
      if (pair.startsWith("delay=")) {
        try {
          return dev.portico.config.model.Durations.parse(pair.substring("delay=".length()));
        } catch (IllegalArgumentException e) {
          return Duration.ZERO;
        }
      }
    }
    return Duration.ZERO;
  }
}
