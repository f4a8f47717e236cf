package dev.portico.auth.spring.login;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.portico.config.model.OidcLogin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * Calls an OAuth token endpoint for one login client: the authorization code grant (with the PKCE
 * verifier) and the refresh token grant. A client with a secret authenticates with {@code
 * client_secret_basic}; a public client sends its {@code client_id} in the form.
 *
 * <p>Non-blocking: the JDK {@link HttpClient} sends asynchronously and completes on its own
 * executor, never on a Netty event loop. Thread-safe. Fails with {@link TokenEndpointException}:
 * {@code refused} for an OAuth error answer, otherwise unavailable (connection failure, timeout,
 * 5xx, a body that is not a token response).
 */
final class TokenEndpoint {

  /** Time allowed for one token endpoint call. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

  private final HttpClient http;
  private final OidcLogin client;

  TokenEndpoint(HttpClient http, OidcLogin client) {
    this.http = http;
    this.client = client;
  }

  Mono<TokenResponse> exchangeCode(
      URI endpoint, String code, String redirectUri, String codeVerifier) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    form.put("code_verifier", codeVerifier);
    return post(endpoint, form);
  }

  Mono<TokenResponse> refresh(URI endpoint, String refreshToken) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken);
    return post(endpoint, form);
  }

  private Mono<TokenResponse> post(URI endpoint, Map<String, String> form) {
    String basic = basicCredentials();
    if (basic == null) {
      form.put("client_id", client.clientId());
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)));
    if (basic != null) {
      request.header("Authorization", basic);
    }
    return Mono.fromFuture(
            () -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()))
        .map(response -> parse(response.statusCode(), response.body()))
        .onErrorMap(
            error -> !(error instanceof TokenEndpointException),
            error ->
                TokenEndpointException.unavailable(
                    error instanceof HttpTimeoutException
                        ? "the token endpoint did not answer within " + TIMEOUT.toSeconds() + "s"
                        : "the token endpoint cannot be reached ("
                            + error.getClass().getSimpleName()
                            + ")"));
  }

  /** {@code client_secret_basic} (RFC 6749 §2.3.1: form-encoded id and secret), or null. */
  private String basicCredentials() {
    if (client.clientSecret() == null || client.clientSecret().isEmpty()) {
      return null;
    }
    String pair = urlEncode(client.clientId()) + ":" + urlEncode(client.clientSecret());
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  static TokenResponse parse(int status, String body) {
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(body);
    } catch (ParseException e) {
      throw TokenEndpointException.unavailable(
          "the token endpoint answered " + status + " without a JSON body");
    }
    if (status == 400 || status == 401) {
      Object error = json.get("error");
      String code =
          error instanceof String text && ERROR_CODE.matcher(text).matches()
              ? text
              : "unknown_error";
      throw TokenEndpointException.refused(code);
    }
    if (status != 200) {
      throw TokenEndpointException.unavailable("the token endpoint answered " + status);
    }
    try {
      String accessToken = JSONObjectUtils.getString(json, "access_token");
      String tokenType = JSONObjectUtils.getString(json, "token_type");
      if (accessToken == null || accessToken.isEmpty()) {
        throw TokenEndpointException.unavailable("the token response has no access_token");
      }
      if (tokenType == null || !tokenType.equalsIgnoreCase("Bearer")) {
        throw TokenEndpointException.unavailable("the token response is not of type Bearer");
      }
      return new TokenResponse(
          accessToken,
          expiresIn(json.get("expires_in")),
          JSONObjectUtils.getString(json, "refresh_token"),
          JSONObjectUtils.getString(json, "id_token"),
          JSONObjectUtils.getString(json, "scope"));
    } catch (ParseException e) {
      throw TokenEndpointException.unavailable("the token response is malformed");
    }
  }

  /** {@code expires_in} in seconds; some providers send it as a string. Null when absent. */
  private static Duration expiresIn(Object value) {
    if (value instanceof Number number && number.longValue() > 0) {
      return Duration.ofSeconds(number.longValue());
    }
    if (value instanceof String text) {
      try {
        long seconds = Long.parseLong(text.strip());
        return seconds > 0 ? Duration.ofSeconds(seconds) : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static String formEncode(Map<String, String> form) {
    StringBuilder out = new StringBuilder();
    form.forEach(
        (name, value) -> {
          if (out.length() > 0) {
            out.append('&');
          }
          out.append(urlEncode(name)).append('=').append(urlEncode(value));
        });
    return out.toString();
  }

  static String urlEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
