package dev.portico.it.idp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.CookieStore;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A scripted browser for login flows: a JDK {@link HttpClient} with a cookie jar, asking for {@code
 * text/html} like a browser's navigation does, following redirects itself (so a test sees every
 * hop) and filling in the identity provider's login form (username, password and the CSRF token
 * parsed from the page) when it meets one.
 *
 * <p>The cookie jar ignores {@code SameSite} and {@code HttpOnly} (as an HTTP library may) and, as
 * browsers do, scopes cookies by host, not port: the provider and the gateway on 127.0.0.1 see each
 * other's cookies, which is harmless as their names differ. Not thread-safe: one browser per test.
 */
public final class ScriptedBrowser {

  /**
   * Where a navigation went.
   *
   * @param visited every URL requested, in order (the first is the one navigated to)
   * @param last the last response received
   * @param next the redirect target not followed because the stop condition matched it; null when
   *     the navigation ended on a response that is not a redirect
   */
  public record Navigation(List<URI> visited, HttpResponse<String> last, URI next) {}

  private static final int MAX_HOPS = 20;
  private static final Pattern FORM = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE =
      Pattern.compile("([a-zA-Z_:-]+)\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

  /**
   * A client for one request, sharing this browser's cookies. Each request gets a connection of its
   * own: BrowserLoginTest.twoLoginsInParallelTabsBothSucceed intermittently waited out its 20 s on
   * a request sent over a kept-alive connection (once with the machine otherwise idle), and what
   * these tests check is the login flow, not connection reuse.
   */
  private HttpClient client() {
    return HttpClient.newBuilder()
        // Browsers speak HTTP/1.1 to a plain-http origin; they never try an h2c upgrade.
        .version(HttpClient.Version.HTTP_1_1)
        .cookieHandler(cookies)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** One GET, no redirect followed. */
  public HttpResponse<String> get(URI uri) {
    // What a browser sends for a page load; Portico redirects only such requests to a login.
    return send(
        HttpRequest.newBuilder(uri)
            .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
            .GET());
  }

  /** One form POST, no redirect followed. */
  public HttpResponse<String> post(URI uri, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    TestIdentityProvider.encode(e.getKey())
                        + "="
                        + TestIdentityProvider.encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** GETs {@code url} and follows every redirect, logging in as {@code user} when asked to. */
  public Navigation navigate(String url, TestIdentityProvider.TestUser user) {
    return navigate(url, user, next -> false);
  }

  /**
   * GETs {@code url} and follows redirects, logging in as {@code user} (may be null: then a login
   * page ends the navigation) when the provider's login page comes up, until a response that is not
   * a redirect or a redirect to a URL {@code stopBefore} accepts (not requested).
   */
  public Navigation navigate(
      String url, TestIdentityProvider.TestUser user, Predicate<URI> stopBefore) {
    return follow(URI.create(url), get(URI.create(url)), user, stopBefore);
  }

  /** Continues a navigation from {@code response} (the answer to {@code from}). */
  public Navigation follow(
      URI from,
      HttpResponse<String> response,
      TestIdentityProvider.TestUser user,
      Predicate<URI> stopBefore) {
    List<URI> visited = new ArrayList<>(List.of(from));
    HttpResponse<String> current = response;
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      int status = current.statusCode();
      if (status >= 300 && status < 400) {
        URI next = current.uri().resolve(current.headers().firstValue("Location").orElseThrow());
        if (stopBefore.test(next)) {
          return new Navigation(visited, current, next);
        }
        visited.add(next);
        current = get(next);
      } else if (status == 200 && user != null && isLoginPage(current.body())) {
        URI action = current.uri().resolve(formAction(current.body()));
        visited.add(action);
        current = post(action, loginForm(current.body(), user));
        user = null; // a second login page means the password was refused: stop there
      } else {
        return new Navigation(visited, current, null);
      }
    }
    throw new IllegalStateException("more than " + MAX_HOPS + " hops: " + visited);
  }

  /** Whether {@code html} is a login form (it has a password field). */
  public static boolean isLoginPage(String html) {
    return html != null && html.contains("name=\"password\"") && FORM.matcher(html).find();
  }

  /** The login form's fields for {@code user}: username, password and every hidden input. */
  static Map<String, String> loginForm(String html, TestIdentityProvider.TestUser user) {
    Map<String, String> form = new LinkedHashMap<>(hiddenInputs(html));
    form.put("username", user.username());
    form.put("password", user.password());
    return form;
  }

  /** The hidden inputs of a page (the CSRF token among them), by name. */
  static Map<String, String> hiddenInputs(String html) {
    Map<String, String> hidden = new LinkedHashMap<>();
    Matcher input = INPUT.matcher(html);
    while (input.find()) {
      Map<String, String> attributes = attributes(input.group());
      if ("hidden".equalsIgnoreCase(attributes.get("type")) && attributes.containsKey("name")) {
        hidden.put(attributes.get("name"), attributes.getOrDefault("value", ""));
      }
    }
    return hidden;
  }

  private static String formAction(String html) {
    Matcher form = FORM.matcher(html);
    if (!form.find()) {
      throw new IllegalStateException("no form on the page");
    }
    return attributes(form.group()).getOrDefault("action", "");
  }

  private static Map<String, String> attributes(String tag) {
    Map<String, String> attributes = new LinkedHashMap<>();
    Matcher attribute = ATTRIBUTE.matcher(tag);
    while (attribute.find()) {
      attributes.put(attribute.group(1).toLowerCase(), attribute.group(2).replace("&amp;", "&"));
    }
    return attributes;
  }

  /** The value of the first cookie called {@code name} in the jar, for any host. */
  public Optional<String> cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(cookie -> cookie.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst();
  }

  /** Every cookie in the jar. */
  public List<HttpCookie> cookies() {
    return cookies.getCookieStore().getCookies();
  }

  /**
   * Replaces every cookie called {@code name} in the jar by one for {@code uri}'s host (Path=/), as
   * if that host had set it: for tests that tamper with cookies.
   */
  public void setCookie(URI uri, String name, String value) {
    CookieStore store = cookies.getCookieStore();
    List.copyOf(store.getCookies()).stream()
        .filter(cookie -> cookie.getName().equals(name))
        .forEach(cookie -> store.remove(null, cookie));
    HttpCookie cookie = new HttpCookie(name, value);
    cookie.setPath("/");
    cookie.setDomain(uri.getHost());
    cookie.setVersion(0);
    store.add(uri, cookie);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client()
          .send(
              request
                  .timeout(Duration.ofSeconds(20))
                  .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
