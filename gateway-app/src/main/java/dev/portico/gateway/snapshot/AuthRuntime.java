package dev.portico.gateway.snapshot;

import dev.portico.auth.apikey.ApiKeyRegistry;
import dev.portico.auth.spring.AuthMetrics;
import dev.portico.auth.spring.AuthenticationFilter.AuthContext;
import dev.portico.auth.spring.login.BrowserLogin;
import dev.portico.auth.token.IssuerRegistry;
import dev.portico.config.model.AuthSettings;
import dev.portico.config.model.PorticoConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;

/**
 * The authentication state of one snapshot: token verification (whose key caches survive reloads
 * that leave an issuer unchanged), API keys, browser login, and the strip list. Immutable apart
 * from the caches inside the registries.
 *
 * @param context what route authentication filters share
 * @param stripHeaders header patterns removed from every request
 */
public record AuthRuntime(AuthContext context, List<String> stripHeaders) {

  /** One client for all login token-endpoint calls, across reloads. */
  private static final java.net.http.HttpClient LOGIN_HTTP = BrowserLogin.defaultHttpClient();

  /**
   * Builds the state for {@code config}, reusing the issuer caches of {@code previous} (null at
   * start-up).
   */
  static AuthRuntime build(
      PorticoConfig config,
      AuthRuntime previous,
      Clock clock,
      MeterRegistry meters,
      AuthMetrics metrics) {
    AuthSettings auth = config.gateway().auth();
    IssuerRegistry issuers =
        previous == null
            ? IssuerRegistry.create(config.issuers(), auth, clock, meters)
            : previous.context().issuers().update(config.issuers(), auth);
    ApiKeyRegistry apiKeys = ApiKeyRegistry.of(config.consumers());
    boolean anyLogin =
        config.routes().stream().anyMatch(r -> r.auth() != null && r.auth().login() != null)
            // The admin console on the management port signs operators in the same way.
            || (config.gateway().admin() != null && config.gateway().admin().issuer() != null);
    BrowserLogin login =
        anyLogin ? new BrowserLogin(issuers, config.issuers(), auth.session(), clock) : null;
    AuthContext context =
        new AuthContext(
            auth.realm(), auth.maxTokenSize().bytes(), issuers, apiKeys, login, metrics);
    return new AuthRuntime(context, auth.stripHeaders());
  }

  /** Stops the background work of the issuers (at shutdown). */
  void close() {
    context.issuers().close();
  }
}
