package dev.portico.it.idp;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.portico.auth.spring.login.BrowserLogin;
import dev.portico.auth.spring.login.LoginEndpointsWebFilter;
import dev.portico.auth.token.IssuerRegistry;
import dev.portico.config.ConfigLoader;
import dev.portico.config.model.AuthSettings;
import dev.portico.config.model.PorticoConfig;
import dev.portico.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A minimal WebFlux application on reactor-netty that protects every path with {@link BrowserLogin}
 * (issuer "corp" = the test provider) and serves the login endpoints with {@link
 * LoginEndpointsWebFilter}: what the gateway does, without the gateway. A request with a session
 * gets 200 and JSON with the principal and the access token; one without is sent to log in.
 */
final class LoginTestApp implements AutoCloseable {

  static final String ISSUER = "corp";
  static final byte[] SECRET =
      "an-integration-test-session-key!".getBytes(StandardCharsets.US_ASCII);

  final MutableClock clock = MutableClock.startingNow();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final PorticoConfig config;
  final IssuerRegistry registry;
  final BrowserLogin login;
  private final DisposableServer server;

  LoginTestApp(TestIdentityProvider idp) throws Exception {
    this(idp.issuerYaml(ISSUER, 2));
  }

  /** An app whose issuer "corp" is described by {@code issuerYaml} (indented by 2). */
  LoginTestApp(String issuerYaml) throws Exception {
    String yaml =
        """
        gateway:
          auth:
            session: { secret: %s }
        issuers:
        %s
        upstreams:
          app: { endpoints: [ { url: "http://127.0.0.1:9" } ] }
        routes:
          - { id: app, match: { path: /** }, upstream: app, auth: { login: { issuer: corp } } }
        """
            .formatted(Base64.getEncoder().encodeToString(SECRET), issuerYaml);
    config = ConfigLoader.parse("portico.yaml", yaml).config();
    AuthSettings auth = config.gateway().auth();
    registry = IssuerRegistry.create(config.issuers(), auth, Clock.systemUTC(), meters);
    login =
        new BrowserLogin(
            registry,
            config.issuers(),
            auth.session(),
            clock,
            BrowserLogin.defaultHttpClient(),
            new SecureRandom(),
            meters);
    HttpHandler handler =
        WebHttpHandlerBuilder.webHandler(protectedApp())
            .filter(new LoginEndpointsWebFilter(() -> login))
            .build();
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(new ReactorHttpHandlerAdapter(handler))
            .bindNow();
  }

  String origin() {
    return "http://127.0.0.1:" + server.port();
  }

  String url(String path) {
    return origin() + path;
  }

  double count(String outcome) {
    var counter =
        meters.find("portico.auth.login").tags("issuer", ISSUER, "outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private WebHandler protectedApp() {
    // session() may be empty, and json() completes empty: decide on an Optional, so that a
    // written response is never followed by a redirect.
    return exchange ->
        login
            .session(exchange, ISSUER)
            .map(Optional::of)
            .defaultIfEmpty(Optional.empty())
            .flatMap(
                session ->
                    session.isPresent()
                        ? json(exchange, session.get())
                        : login.redirectToLogin(exchange, ISSUER));
  }

  private Mono<Void> json(
      ServerWebExchange exchange, dev.portico.auth.spring.login.LoginSession session) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subject", session.principal().subject());
    body.put("issuer", session.principal().issuer());
    body.put("kind", session.principal().kind().tag());
    body.put("roles", new java.util.ArrayList<>(new TreeSet<>(session.principal().roles())));
    body.put("scopes", new java.util.ArrayList<>(new TreeSet<>(session.principal().scopes())));
    body.put("email", String.valueOf(session.principal().claims().get("email")));
    body.put("access_token", session.accessToken());
    body.put("path", exchange.getRequest().getURI().getRawPath());
    body.put(
        "upstream_cookies",
        String.valueOf(
            login.withoutLoginCookies(exchange.getRequest()).getHeaders().get("Cookie")));
    byte[] bytes = JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponse().setStatusCode(HttpStatus.OK);
    exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
    return exchange
        .getResponse()
        .writeWith(Mono.fromSupplier(() -> exchange.getResponse().bufferFactory().wrap(bytes)));
  }

  @Override
  public void close() {
    server.disposeNow();
    registry.close();
  }
}
