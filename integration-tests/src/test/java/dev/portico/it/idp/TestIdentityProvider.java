package dev.portico.it.idp;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * A real OpenID Connect provider for tests: Spring Authorization Server on Tomcat, on a free
 * loopback port, inside the test JVM. Start it before the gateway (the gateway's YAML needs its
 * {@link #issuer()}) and close it after.
 *
 * <h2>What it offers</h2>
 *
 * <ul>
 *   <li>Issuer {@code http://127.0.0.1:<port>} with OIDC discovery ({@code
 *       /.well-known/openid-configuration}), JWKS (one RSA key), token, introspection, revocation,
 *       userinfo and end-session ({@code /connect/logout}) endpoints.
 *   <li>{@link #SERVICE_CLIENT}: client credentials, self-contained (JWT, RS256) access tokens with
 *       {@code scope} (a list) and {@code roles} {@link #SERVICE_ROLES}.
 *   <li>{@link #OPAQUE_CLIENT}: client credentials, opaque (reference) access tokens; {@link
 *       #INTROSPECTION_CLIENT} may introspect them (RFC 7662, client_secret_basic or _post), and
 *       introspection returns {@code roles} too.
 *   <li>{@link #LOGIN_CLIENT}: authorization code (PKCE required, no consent page) and refresh
 *       token, client_secret_basic; scopes openid, profile, email and the service scopes; redirect
 *       URI {@code http://127.0.0.1:<any port>/oauth2/callback} and post-logout redirect URI {@code
 *       http://127.0.0.1:<any port>/} (loopback redirect URIs may use any port, RFC 8252 §7.3;
 *       {@link #allowGateway} registers other origins). Refresh tokens rotate. ID tokens carry
 *       {@code roles}, {@code email} and {@code name}.
 *   <li>Users {@link #ALICE} (roles orders-reader, orders-admin) and {@link #BOB} (orders-reader),
 *       logging in through Spring Security's form login page (with a CSRF token); {@link
 *       ScriptedBrowser} fills it in.
 * </ul>
 *
 * <h2>Using it with the gateway</h2>
 *
 * The gateway and this provider share one JVM, and the provider brings Spring MVC, Tomcat and
 * Spring Security onto the test classpath. Start the gateway with {@link #gatewayArguments()} among
 * its Spring arguments: they make it a reactive application and keep Boot's Tomcat and Spring
 * Security auto-configuration out of it. Then, for example:
 *
 * <pre>{@code
 * try (var idp = TestIdentityProvider.start()) {
 *   String yaml = """
 *       issuers:
 *       %s
 *       ...""".formatted(idp.issuerYaml("corp", 2));
 *   // start the gateway with TestIdentityProvider.gatewayArguments(), then:
 *   var browser = new ScriptedBrowser();
 *   var page = browser.navigate(gatewayUrl + "/app", TestIdentityProvider.ALICE);
 *   // page.last() is the upstream's answer; browser.cookie("PORTICO_SESSION") is set
 * }
 * }</pre>
 *
 * <p>Thread-safe. Failure behaviour: {@link #start()} throws when the server cannot start; the
 * token helpers throw {@link IllegalStateException} with the provider's answer when it refuses.
 */
public final class TestIdentityProvider implements AutoCloseable {

  /** An OAuth client registered at this provider. */
  public record Client(String id, String secret) {}

  /** A user who can log in, with the roles the provider puts in the {@code roles} claim. */
  public record TestUser(
      String username, String password, List<String> roles, String email, String displayName) {}

  public static final TestUser ALICE =
      new TestUser(
          "alice",
          "alice-password",
          List.of("orders-reader", "orders-admin"),
          "alice@example.com",
          "Alice Liddell");
  public static final TestUser BOB =
      new TestUser(
          "bob", "bob-password", List.of("orders-reader"), "bob@example.com", "Bob Cratchit");
  static final List<TestUser> USERS = List.of(ALICE, BOB);

  /** Client credentials with JWT access tokens. */
  public static final Client SERVICE_CLIENT = new Client("orders-service", "orders-service-secret");

  /** Client credentials with opaque access tokens. */
  public static final Client OPAQUE_CLIENT = new Client("legacy-service", "legacy-service-secret");

  /** A client Portico can introspect opaque tokens with. */
  public static final Client INTROSPECTION_CLIENT =
      new Client("portico-introspection", "portico-introspection-secret");

  /** The browser login client (confidential, PKCE required). */
  public static final Client LOGIN_CLIENT = new Client("portico-web", "portico-web-secret");

  /** Scopes the service clients may ask for. */
  public static final List<String> SERVICE_SCOPES = List.of("orders.read", "orders.write");

  /** Roles of tokens issued to the service clients. */
  public static final List<String> SERVICE_ROLES = List.of("service");

  /** The login callback path registered for {@link #LOGIN_CLIENT} (Portico's default). */
  public static final String CALLBACK_PATH = "/oauth2/callback";

  private static final String[] GATEWAY_ARGUMENTS = {
    "--spring.main.web-application-type=reactive",
    "--spring.autoconfigure.exclude="
        + String.join(
            ",",
            "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
            "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration")
  };

  private final ConfigurableApplicationContext context;
  private final URI issuer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestIdentityProvider(ConfigurableApplicationContext context) {
    this.context = context;
    int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    this.issuer = URI.create("http://127.0.0.1:" + port);
  }

  /** Starts a provider whose access tokens live 5 minutes. */
  public static TestIdentityProvider start() {
    return start(Duration.ofMinutes(5));
  }

  /** Starts a provider whose access tokens (of every client) live {@code accessTokenTtl}. */
  public static TestIdentityProvider start(Duration accessTokenTtl) {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(IdentityProviderConfig.class)
            .web(WebApplicationType.SERVLET)
            .properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.application.name=test-idp",
                "spring.main.banner-mode=off",
                "spring.jmx.enabled=false",
                IdentityProviderConfig.ACCESS_TOKEN_TTL + "=" + accessTokenTtl)
            .registerShutdownHook(false)
            .run();
    return new TestIdentityProvider(context);
  }

  /**
   * The Spring arguments a gateway started in the same JVM as this provider needs, e.g. {@code
   * PorticoApplication.start(startup, concat(args, gatewayArguments()))}:
   *
   * <ul>
   *   <li>{@code --spring.main.web-application-type=reactive}: with Spring MVC on the classpath,
   *       Boot would otherwise not be sure to build a reactive application (and Spring Cloud
   *       Gateway refuses to run in a servlet one);
   *   <li>{@code --spring.autoconfigure.exclude=…}: Tomcat's reactive web server and reactive
   *       management-context auto-configurations (the latter clashes with reactor-netty's: "bean
   *       'reactiveWebChildContextFactory' … already defined"), and Spring Security's reactive
   *       auto-configurations (they would put HTTP Basic with a generated password in front of
   *       every route and the management port).
   * </ul>
   */
  public static String[] gatewayArguments() {
    return GATEWAY_ARGUMENTS.clone();
  }

  /** The issuer identifier, {@code http://127.0.0.1:<port>} (no trailing slash). */
  public URI issuer() {
    return issuer;
  }

  /** {@code issuer()} plus {@code path}. */
  public URI uri(String path) {
    return URI.create(issuer + path);
  }

  /**
   * An {@code issuers:} entry for Portico's YAML that accepts this provider's tokens, introspects
   * its opaque tokens with {@link #INTROSPECTION_CLIENT} and logs in with {@link #LOGIN_CLIENT},
   * indented by {@code indent} spaces.
   */
  public String issuerYaml(String name, int indent) {
    String pad = " ".repeat(indent);
    return String.join(
        "\n",
        pad + name + ":",
        pad + "  issuer: " + issuer,
        pad
            + "  introspection: { client-id: "
            + INTROSPECTION_CLIENT.id()
            + ", client-secret: "
            + INTROSPECTION_CLIENT.secret()
            + " }",
        pad
            + "  login: { client-id: "
            + LOGIN_CLIENT.id()
            + ", client-secret: "
            + LOGIN_CLIENT.secret()
            + ", scopes: [openid, profile, email, orders.read] }");
  }

  /**
   * Also accepts {@code origin + CALLBACK_PATH} as redirect URI and {@code origin + "/"} as
   * post-logout redirect URI of {@link #LOGIN_CLIENT} ({@code origin} like {@code
   * http://localhost:8080}). Not needed for {@code http://127.0.0.1:<port>} origins.
   */
  public void allowGateway(String origin) {
    RegisteredClientRepository clients = context.getBean(RegisteredClientRepository.class);
    RegisteredClient login = clients.findByClientId(LOGIN_CLIENT.id());
    clients.save(
        RegisteredClient.from(login)
            .redirectUri(origin + CALLBACK_PATH)
            .postLogoutRedirectUri(origin + "/")
            .build());
  }

  /** A JWT access token for a service client (client credentials grant). */
  public String clientCredentialsToken(String clientId, String secret, List<String> scopes) {
    Map<String, Object> answer =
        post(
            "/oauth2/token",
            basic(clientId, secret),
            Map.of("grant_type", "client_credentials", "scope", String.join(" ", scopes)));
    return (String) answer.get("access_token");
  }

  /** A JWT access token of {@link #SERVICE_CLIENT} with both service scopes. */
  public String clientCredentialsToken() {
    return clientCredentialsToken(SERVICE_CLIENT.id(), SERVICE_CLIENT.secret(), SERVICE_SCOPES);
  }

  /** An opaque access token of {@link #OPAQUE_CLIENT}. */
  public String opaqueToken(List<String> scopes) {
    return clientCredentialsToken(OPAQUE_CLIENT.id(), OPAQUE_CLIENT.secret(), scopes);
  }

  /** The provider's RFC 7662 answer for {@code token}, asked as {@link #INTROSPECTION_CLIENT}. */
  public Map<String, Object> introspect(String token) {
    return post(
        "/oauth2/introspect",
        basic(INTROSPECTION_CLIENT.id(), INTROSPECTION_CLIENT.secret()),
        Map.of("token", token));
  }

  /** Revokes a token (RFC 7009), as the client it was issued to. */
  public void revoke(String token, Client client) {
    post("/oauth2/revoke", basic(client.id(), client.secret()), Map.of("token", token));
  }

  static Optional<TestUser> user(String username) {
    return USERS.stream().filter(user -> user.username().equals(username)).findFirst();
  }

  private static String basic(String clientId, String secret) {
    String pair = encode(clientId) + ":" + encode(secret);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, Object> post(String path, String authorization, Map<String, String> form) {
    Set<String> pairs = new LinkedHashSet<>();
    form.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
    HttpRequest request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", authorization)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs)))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "POST " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body().isEmpty() ? Map.of() : JSONObjectUtils.parse(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ParseException e) {
      throw new IllegalStateException("POST " + path + " answered no JSON", e);
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    context.close();
  }
}
