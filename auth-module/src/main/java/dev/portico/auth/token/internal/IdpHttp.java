package dev.portico.auth.token.internal;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talks to identity providers (discovery, JWKS, introspection) with the JDK {@link HttpClient}.
 *
 * <p>Every request is started on this class's own daemon threads, never on the caller's: the JDK
 * client may resolve host names synchronously while starting a request, which must not happen on an
 * event loop. Results complete on those threads too. Each call is bounded by its timeout (for the
 * whole exchange, body included) and responses by {@value #MAX_BODY} bytes. Redirects are not
 * followed. Thread-safe.
 */
public final class IdpHttp implements AutoCloseable {

  /** Largest response accepted; discovery documents and key sets are a few KB. */
  static final int MAX_BODY = 1024 * 1024;

  private final ExecutorService executor;
  private final HttpClient client;

  public IdpHttp() {
    this.executor = Executors.newCachedThreadPool(new DaemonThreads("portico-idp-http"));
    this.client =
        HttpClient.newBuilder()
            .executor(executor)
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** GETs a JSON object; fails with {@link IdpException} on any HTTP status but 200. */
  public CompletableFuture<Map<String, Object>> getJson(URI uri, Duration timeout) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    return exchange(request, timeout).thenApply(response -> json(uri, response));
  }

  /** POSTs a form and returns the status and body, whatever the status. */
  public CompletableFuture<HttpResponse<byte[]>> postForm(
      URI uri, String form, Map<String, String> headers, Duration timeout) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
    headers.forEach(builder::header);
    return exchange(builder.build(), timeout);
  }

  /** Parses a JSON object body. */
  static Map<String, Object> parseObject(URI uri, byte[] body) {
    try {
      return JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8), MAX_BODY);
    } catch (ParseException e) {
      throw new IdpException(uri + " did not answer with a JSON object");
    }
  }

  private CompletableFuture<HttpResponse<byte[]>> exchange(HttpRequest request, Duration timeout) {
    return CompletableFuture.supplyAsync(
            () -> client.sendAsync(request, BoundedBody.handler(MAX_BODY)), executor)
        .thenCompose(f -> f)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            error -> {
              throw new IdpException(describe(request, timeout, unwrap(error)));
            });
  }

  private static Map<String, Object> json(URI uri, HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw new IdpException("GET " + uri + " answered HTTP " + response.statusCode());
    }
    return parseObject(uri, response.body());
  }

  /** What went wrong in a failed call, for logs and the admin status. */
  public static String reason(Throwable error) {
    Throwable e = unwrap(error);
    return e instanceof IdpException ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private static String describe(HttpRequest request, Duration timeout, Throwable error) {
    String call = request.method() + " " + request.uri();
    if (error instanceof IdpException idp) {
      return idp.getMessage();
    }
    if (error instanceof TimeoutException || error instanceof HttpTimeoutException) {
      return call + " timed out after " + timeout.toMillis() + "ms";
    }
    if (error instanceof IOException) {
      String detail = error.getMessage() == null ? "" : ": " + error.getMessage();
      return call + " failed (" + error.getClass().getSimpleName() + detail + ")";
    }
    return call + " failed (" + error.getClass().getSimpleName() + ")";
  }

  /** Stops the request threads; requests still running fail. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
