package dev.portico.auth.token.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import dev.portico.auth.Rejection;
import dev.portico.config.model.ClientAuthMethod;
import dev.portico.config.model.Introspection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 7662 introspection of opaque tokens at one issuer.
 *
 * <p>The client authenticates with {@code client_secret_basic} (id and secret form-encoded, then
 * HTTP Basic, RFC 6749 §2.3.1) or {@code client_secret_post}. An answer counts as active only with
 * {@code "active": true}, an {@code exp} (if any) not passed, an {@code iss} (if any) equal to the
 * issuer, and, when the issuer has audiences, an {@code aud} naming one of them. Inactive answers
 * are remembered for {@code negative-cache-ttl}; active ones are cached by the caller until {@link
 * Verification.Verified#cacheUntilMillis} = min(exp, now + cache-ttl). Concurrent requests with the
 * same token share one call. Timeouts, connection failures, any status but 200 and unreadable
 * answers make the outcome {@link Rejection#UNAVAILABLE}, and so does a call beyond {@value
 * #MAX_CONCURRENT_CALLS} running at once: a spray of made-up opaque tokens must not turn into an
 * unbounded spray of calls at the identity provider. Thread-safe.
 */
final class Introspector {

  private static final Logger log = LoggerFactory.getLogger(Introspector.class);
  private static final int NEGATIVE_CACHE_SIZE = 10_000;
  static final int MAX_CONCURRENT_CALLS = 256;

  private final java.util.concurrent.Semaphore callSlots =
      new java.util.concurrent.Semaphore(MAX_CONCURRENT_CALLS);

  private final IssuerSettings settings;
  private final Introspection config;
  private final ClaimMapper mapper;
  private final Clock clock;
  private final IdpHttp http;
  private final IssuerMetrics metrics;
  private final Supplier<CompletableFuture<URI>> endpoint;
  private final Cache<TokenHash, Long> inactiveUntil;
  private final Map<TokenHash, CompletableFuture<Verification>> running = new ConcurrentHashMap<>();

  Introspector(
      IssuerSettings settings,
      ClaimMapper mapper,
      Clock clock,
      IdpHttp http,
      IssuerMetrics metrics,
      Supplier<CompletableFuture<URI>> endpoint) {
    this.settings = settings;
    this.config = settings.config().introspection();
    this.mapper = mapper;
    this.clock = clock;
    this.http = http;
    this.metrics = metrics;
    this.endpoint = endpoint;
    this.inactiveUntil =
        Caffeine.newBuilder()
            .maximumSize(NEGATIVE_CACHE_SIZE)
            .expireAfterWrite(settings.introspectionNegativeTtl())
            .build();
  }

  /** The outcome for {@code token}: cached when inactive recently, else from the endpoint. */
  CompletableFuture<Verification> introspect(String token, TokenHash hash) {
    Long until = inactiveUntil.getIfPresent(hash);
    if (until != null && clock.millis() < until) {
      return CompletableFuture.completedFuture(Verification.invalid("token is not active"));
    }
    CompletableFuture<Verification> mine = new CompletableFuture<>();
    CompletableFuture<Verification> shared = running.putIfAbsent(hash, mine);
    if (shared != null) {
      return shared;
    }
    if (!callSlots.tryAcquire()) {
      running.remove(hash, mine);
      mine.complete(
          unavailable(
              new IdpException(MAX_CONCURRENT_CALLS + " introspection calls already running")));
      return mine;
    }
    call(token)
        .whenComplete(
            (outcome, error) -> {
              callSlots.release();
              running.remove(hash, mine);
              Verification result = error == null ? outcome : unavailable(error);
              if (result instanceof Verification.Failed failed
                  && failed.reason() != Rejection.UNAVAILABLE) {
                inactiveUntil.put(
                    hash, clock.millis() + settings.introspectionNegativeTtl().toMillis());
              }
              mine.complete(result);
            });
    return mine;
  }

  private CompletableFuture<Verification> call(String token) {
    Duration timeout = settings.introspectionTimeout();
    try {
      return endpoint
          .get()
          .thenCompose(
              uri ->
                  http.postForm(uri, form(token), headers(), timeout).thenApply(r -> read(uri, r)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private String form(String token) {
    StringBuilder form =
        new StringBuilder("token=").append(encode(token)).append("&token_type_hint=access_token");
    if (settings.clientAuth() == ClientAuthMethod.CLIENT_SECRET_POST) {
      form.append("&client_id=").append(encode(config.clientId()));
      form.append("&client_secret=").append(encode(secret()));
    }
    return form.toString();
  }

  private Map<String, String> headers() {
    if (settings.clientAuth() != ClientAuthMethod.CLIENT_SECRET_BASIC) {
      return Map.of();
    }
    String credentials = encode(config.clientId()) + ":" + encode(secret());
    return Map.of(
        "Authorization",
        "Basic "
            + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
  }

  private String secret() {
    return config.clientSecret() == null ? "" : config.clientSecret();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private Verification read(URI uri, HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw new IdpException("POST " + uri + " answered HTTP " + response.statusCode());
    }
    Map<String, Object> answer;
    try {
      answer =
          JSONObjectUtils.parse(
              new String(response.body(), StandardCharsets.UTF_8), IdpHttp.MAX_BODY);
    } catch (ParseException e) {
      throw new IdpException(uri + " did not answer with a JSON object");
    }
    Verification outcome = judge(answer);
    metrics.introspected(outcome instanceof Verification.Verified ? "active" : "inactive");
    return outcome;
  }

  private Verification judge(Map<String, Object> answer) {
    if (!Boolean.TRUE.equals(answer.get("active"))) {
      return Verification.invalid("token is not active");
    }
    long now = clock.millis();
    Long expSeconds = answer.get("exp") instanceof Number n ? n.longValue() : null;
    if (expSeconds != null && now - settings.clockSkew().toMillis() >= expSeconds * 1000) {
      return new Verification.Failed(Rejection.EXPIRED_TOKEN, "token has expired");
    }
    Object iss = answer.get("iss");
    if (iss != null && !settings.issuerId().equals(iss)) {
      return Verification.invalid("token issuer is not accepted here");
    }
    if (!audienceAccepted(answer.get("aud"))) {
      return Verification.invalid("token audience is not accepted");
    }
    Map<String, Object> claims = new LinkedHashMap<>(answer);
    claims.remove("active");
    Instant expiresAt = expSeconds == null ? null : Instant.ofEpochSecond(expSeconds);
    Principal principal =
        mapper.principal(settings.name(), claims, expiresAt, CredentialKind.OPAQUE_TOKEN);
    long cacheUntil = now + settings.introspectionCacheTtl().toMillis();
    if (expSeconds != null) {
      cacheUntil = Math.min(cacheUntil, expSeconds * 1000);
    }
    return new Verification.Verified(principal, List.of(), cacheUntil);
  }

  private boolean audienceAccepted(Object aud) {
    Set<String> accepted = Set.copyOf(settings.config().audiences());
    if (accepted.isEmpty()) {
      return true;
    }
    if (aud instanceof String single) {
      return accepted.contains(single);
    }
    return aud instanceof Collection<?> list && list.stream().anyMatch(accepted::contains);
  }

  private Verification unavailable(Throwable error) {
    metrics.introspected("error");
    log.warn("Introspection at issuer '{}' failed: {}", settings.name(), IdpHttp.reason(error));
    return Verification.unavailable("the token could not be checked with its issuer");
  }
}
