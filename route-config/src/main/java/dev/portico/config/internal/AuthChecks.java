package dev.portico.config.internal;

import dev.portico.config.model.AdminSettings;
import dev.portico.config.model.AuthSettings;
import dev.portico.config.model.Consumer;
import dev.portico.config.model.Issuer;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.Route;
import dev.portico.config.model.RouteAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The authentication half of {@link ConfigValidator}: issuers, consumers, route auth blocks. */
final class AuthChecks {

  static final Set<String> ASYMMETRIC =
      Set.of(
          "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");
  static final Set<String> HMAC = Set.of("HS256", "HS384", "HS512");
  static final Pattern KEY_HASH = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
  private static final Set<String> PLACEHOLDERS =
      Set.of("subject", "issuer", "roles", "scopes", "consumer");
  private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private final Diagnostics diagnostics;
  private final ConfigValidator shared;

  AuthChecks(Diagnostics diagnostics, ConfigValidator shared) {
    this.diagnostics = diagnostics;
    this.shared = shared;
  }

  void check(PorticoConfig config) {
    config.issuers().forEach(this::checkIssuer);
    Map<String, String> keyOwners = new HashMap<>();
    config.consumers().forEach((name, consumer) -> checkConsumer(name, consumer, keyOwners));
    AuthSettings auth = config.gateway() == null ? null : config.gateway().auth();
    if (auth != null) {
      checkStripHeaders(auth.stripHeaders());
    }
    String firstLogin = null;
    for (int i = 0; i < config.routes().size(); i++) {
      Route route = config.routes().get(i);
      if (route.auth() != null) {
        String path = YamlPaths.child(YamlPaths.index("routes", i), "auth");
        checkRouteAuth(path, route.auth(), config);
        if (firstLogin == null && route.auth().login() != null) {
          firstLogin = YamlPaths.child(path, "login");
        }
      }
    }
    AdminSettings admin = config.gateway() == null ? null : config.gateway().admin();
    if (admin != null) {
      checkAdmin(admin, config);
      if (firstLogin == null && admin.issuer() != null) {
        firstLogin = "gateway.admin.issuer";
      }
    }
    if (firstLogin != null && auth != null && auth.session() != null) {
      checkSessionSecret(auth.session().secret(), firstLogin);
    }
  }

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private void checkAdmin(AdminSettings admin, PorticoConfig config) {
    String path = "gateway.admin";
    if (admin.issuer() == null && admin.bootstrapTokenSha256() == null) {
      diagnostics.errorAtKey(
          path, "lets nobody in: needs issuer (operators sign in) or bootstrap-token-sha256");
    }
    if (admin.issuer() != null) {
      String issuerPath = YamlPaths.child(path, "issuer");
      Issuer issuer = config.issuers().get(admin.issuer());
      if (shared.checkReference(issuerPath, "issuer", admin.issuer(), config.issuers().keySet())
          && issuer.login() == null) {
        diagnostics.error(
            issuerPath,
            "issuer '" + admin.issuer() + "' has no login block (client-id for browser login)");
      }
      if (admin.adminRoles().isEmpty() && admin.readOnlyRoles().isEmpty()) {
        diagnostics.errorAtKey(
            path, "needs admin-roles or read-only-roles: without them no signed-in user gets in");
      }
    }
    String token = admin.bootstrapTokenSha256();
    if (token != null && !SHA256_HEX.matcher(token).matches()) {
      diagnostics.error(
          YamlPaths.child(path, "bootstrap-token-sha256"),
          "is not a SHA-256 digest (expected 64 hex digits, e.g. from: printf %s \"$TOKEN\" |"
              + " sha256sum)");
    }
    if (admin.auditLog() != null && admin.auditLog().isBlank()) {
      diagnostics.error(YamlPaths.child(path, "audit-log"), "must not be empty (a file path)");
    }
  }

  private void checkIssuer(String name, Issuer issuer) {
    String path = YamlPaths.child("issuers", name);
    if (!ConfigValidator.NAME.matcher(name).matches()) {
      diagnostics.errorAtKey(path, "'" + name + "' is not a valid name (letters, digits, . _ -)");
    }
    boolean secret = issuer.sharedSecret() != null;
    List<String> algorithms = issuer.algorithms();
    for (int i = 0; i < algorithms.size(); i++) {
      String alg = algorithms.get(i);
      String algPath = YamlPaths.index(YamlPaths.child(path, "algorithms"), i);
      if (alg.equalsIgnoreCase("none")) {
        diagnostics.error(algPath, "'none' means unsigned tokens and is never accepted");
      } else if (!ASYMMETRIC.contains(alg) && !HMAC.contains(alg)) {
        diagnostics.error(
            algPath,
            "'"
                + alg
                + "' is not a supported algorithm (expected one of "
                + String.join(", ", ASYMMETRIC.stream().sorted().toList())
                + ", HS256, HS384, HS512)");
      } else if (HMAC.contains(alg) && !secret) {
        diagnostics.error(
            algPath,
            alg
                + " needs shared-secret; an issuer without one accepts only signatures by its public keys");
      } else if (!HMAC.contains(alg) && secret) {
        diagnostics.error(
            algPath,
            alg
                + " cannot be combined with shared-secret; an issuer with a secret accepts only HS256, HS384, HS512");
      }
    }
    if (secret) {
      int length = issuer.sharedSecret().getBytes(StandardCharsets.UTF_8).length;
      if (length < 32) {
        diagnostics.error(
            YamlPaths.child(path, "shared-secret"), "is shorter than 32 bytes, too weak for HS256");
      }
      for (int i = 0; i < algorithms.size(); i++) {
        int needed =
            switch (algorithms.get(i)) {
              case "HS384" -> 48;
              case "HS512" -> 64;
              default -> 0;
            };
        if (length >= 32 && length < needed) {
          diagnostics.error(
              YamlPaths.index(YamlPaths.child(path, "algorithms"), i),
              algorithms.get(i)
                  + " needs a shared-secret of at least "
                  + needed
                  + " bytes (it has "
                  + length
                  + ")");
        }
      }
      if (issuer.jwksUri() != null) {
        diagnostics.error(
            YamlPaths.child(path, "jwks-uri"),
            "cannot be combined with shared-secret; choose signing keys or a secret");
      }
    }
    if (issuer.clockSkew() != null && issuer.clockSkew().compareTo(MAX_CLOCK_SKEW) > 0) {
      diagnostics.error(
          YamlPaths.child(path, "clock-skew"), "is longer than 5m; fix the clocks instead");
    }
    if (issuer.jwks() != null) {
      String jwks = YamlPaths.child(path, "jwks");
      shared.positive(YamlPaths.child(jwks, "refresh-interval"), issuer.jwks().refreshInterval());
      shared.positive(YamlPaths.child(jwks, "fetch-timeout"), issuer.jwks().fetchTimeout());
      shared.positive(YamlPaths.child(jwks, "max-staleness"), issuer.jwks().maxStaleness());
    }
    if (issuer.introspection() != null && issuer.introspection().clientSecret() == null) {
      diagnostics.error(
          YamlPaths.child(path, "introspection"),
          "needs client-secret to authenticate at the endpoint");
    }
  }

  private void checkConsumer(String name, Consumer consumer, Map<String, String> keyOwners) {
    String path = YamlPaths.child("consumers", name);
    if (!ConfigValidator.NAME.matcher(name).matches()) {
      diagnostics.errorAtKey(path, "'" + name + "' is not a valid name (letters, digits, . _ -)");
    }
    List<String> keys = consumer.apiKeys();
    for (int i = 0; i < keys.size(); i++) {
      checkKeyHash(
          YamlPaths.index(YamlPaths.child(path, "api-keys"), i), keys.get(i), name, keyOwners);
    }
    int fromFile = 0;
    if (consumer.apiKeysFile() != null) {
      fromFile =
          checkKeysFile(
              YamlPaths.child(path, "api-keys-file"), consumer.apiKeysFile(), name, keyOwners);
    }
    if (keys.isEmpty() && fromFile == 0 && !diagnostics.hasErrorsAt(path)) {
      diagnostics.error(path, "has no API keys (set api-keys or api-keys-file)");
    }
  }

  private void checkKeyHash(String path, String hash, String consumer, Map<String, String> owners) {
    if (!KEY_HASH.matcher(hash).matches()) {
      diagnostics.error(
          path,
          "is not a key hash (expected sha256:<64 lowercase hex digits>; `portico hash-key` prints one)");
      return;
    }
    String owner = owners.putIfAbsent(hash, consumer);
    if (owner != null) {
      diagnostics.error(path, "the same key also belongs to consumer '" + owner + "'");
    }
  }

  /** Checks a keys file; returns the number of hashes it holds. */
  private int checkKeysFile(String path, String file, String consumer, Map<String, String> owners) {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      diagnostics.error(path, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
      return 0;
    }
    int count = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!KEY_HASH.matcher(line).matches()) {
        diagnostics.error(
            path,
            file
                + " line "
                + (i + 1)
                + " is not a key hash (expected sha256:<64 lowercase hex digits>)");
        continue;
      }
      String owner = owners.putIfAbsent(line, consumer);
      if (owner != null) {
        diagnostics.error(
            path,
            file + " line " + (i + 1) + ": the same key also belongs to consumer '" + owner + "'");
      }
      count++;
    }
    return count;
  }

  private void checkStripHeaders(List<String> patterns) {
    for (int i = 0; i < patterns.size(); i++) {
      String pattern = patterns.get(i);
      String name = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
      if (name.isEmpty() || !ConfigValidator.HEADER_NAME.matcher(name).matches()) {
        diagnostics.error(
            YamlPaths.index("gateway.auth.strip-headers", i),
            "'" + pattern + "' is not a header name or a prefix ending in *");
      }
    }
  }

  private void checkRouteAuth(String path, RouteAuth auth, PorticoConfig config) {
    if (auth.bearer() == null && auth.apiKey() == null && auth.login() == null) {
      diagnostics.error(path, "accepts nothing: add bearer, api-key or login");
    }
    if (auth.bearer() != null) {
      List<String> issuers = auth.bearer().issuers();
      for (int i = 0; i < issuers.size(); i++) {
        shared.checkReference(
            YamlPaths.index(YamlPaths.child(YamlPaths.child(path, "bearer"), "issuers"), i),
            "issuer",
            issuers.get(i),
            config.issuers().keySet());
      }
    }
    if (auth.apiKey() != null) {
      if (config.consumers().isEmpty()) {
        diagnostics.error(
            YamlPaths.child(path, "api-key"), "no consumers are defined, so no key can match");
      }
      shared.checkHeaderName(
          YamlPaths.child(YamlPaths.child(path, "api-key"), "header"), auth.apiKey().header());
    }
    if (auth.login() != null && auth.login().issuer() != null) {
      String loginPath = YamlPaths.child(YamlPaths.child(path, "login"), "issuer");
      Issuer issuer = config.issuers().get(auth.login().issuer());
      if (shared.checkReference(
              loginPath, "issuer", auth.login().issuer(), config.issuers().keySet())
          && issuer.login() == null) {
        diagnostics.error(
            loginPath,
            "issuer '"
                + auth.login().issuer()
                + "' has no login block (client-id for browser login)");
      }
    }
    auth.identityHeaders()
        .forEach(
            (name, template) ->
                checkIdentityHeader(
                    YamlPaths.child(YamlPaths.child(path, "identity-headers"), name),
                    name,
                    template));
  }

  private void checkIdentityHeader(String path, String name, String template) {
    if (!shared.checkHeaderName(path, name)) {
      return;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      String placeholder = m.group(1);
      boolean claim = placeholder.startsWith("claim:") && placeholder.length() > "claim:".length();
      if (!claim && !PLACEHOLDERS.contains(placeholder)) {
        diagnostics.error(
            path,
            "'{"
                + placeholder
                + "}' is not a placeholder (expected {subject}, {issuer}, {roles}, {scopes}, {consumer} or {claim:name})");
      }
    }
  }

  private void checkSessionSecret(String secret, String firstLoginPath) {
    String path = "gateway.auth.session.secret";
    if (secret == null) {
      if (!diagnostics.hasErrorsAt(path)) {
        diagnostics.error(
            firstLoginPath,
            "needs gateway.auth.session.secret to seal login sessions (32 random bytes, base64)");
      }
      return;
    }
    try {
      if (Base64.getDecoder().decode(secret.strip()).length < 32) {
        diagnostics.error(
            path,
            "decodes to fewer than 32 bytes (generate one with: head -c 32 /dev/urandom | base64)");
      }
    } catch (IllegalArgumentException e) {
      diagnostics.error(
          path, "is not base64 (generate one with: head -c 32 /dev/urandom | base64)");
    }
  }
}
