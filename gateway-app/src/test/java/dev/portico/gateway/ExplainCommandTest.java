package dev.portico.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code portico explain}: what the gateway would do with a request, from path normalization
 * through routing, authentication (API keys here; tokens take the same path as the gateway's) and
 * the authorization rule that decides.
 */
class ExplainCommandTest {

  private static final String CONFIG =
      """
      consumers:
        shop: { api-keys: ["sha256:%s"], roles: [orders-reader] }
        ops: { api-keys: ["sha256:%s"], roles: [orders-admin] }
      policies:
        orders-access:
          allow:
            - name: readers-may-read
              roles: { any-of: [orders-reader, orders-admin] }
              when: request.method == 'GET'
            - name: admins-may-write
              roles: { any-of: [orders-admin] }
          deny:
            - name: no-deletes-from-outside
              when: request.method == 'DELETE' && !request.ip.startsWith('10.')
      upstreams:
        orders: { endpoints: [ { url: "http://127.0.0.1:9" } ] }
      routes:
        - id: orders
          match: { path: /orders/**, methods: [GET, POST, DELETE] }
          upstream: orders
          auth: { api-key: {} }
          authorization: { policies: [orders-access] }
        - id: docs
          match: { path: /docs/** }
          upstream: orders
          public: true
      """;

  @TempDir Path dir;
  private Path config;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void writeConfig() throws IOException {
    config = dir.resolve("portico.yaml");
    Files.writeString(config, CONFIG.formatted(sha256("shop-key"), sha256("ops-key")));
  }

  private int explain(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "explain";
    all[1] = "--config";
    all[2] = config.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return PorticoMain.run(
        all,
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anAllowedReadNamesTheRouteThePrincipalAndTheRule() {
    int code = explain("-H", "X-Api-Key: shop-key", "/orders/42");

    assertThat(code).isZero();
    assertThat(stdout())
        .contains("GET /orders/42")
        .contains("route           route 'orders' matches")
        .contains("authentication  authenticated (api-key): API key of consumer 'shop'")
        .contains("roles         orders-reader")
        .contains(
            "authorization   allow by policy 'orders-access', rule 'readers-may-read': allow rule"
                + " matched")
        .contains("result          forwarded to upstream 'orders'")
        .contains(
            "endpoint        http://127.0.0.1:9 (weighted round-robin: the next in the rotation)")
        .contains("  100%          all endpoints: http://127.0.0.1:9");
  }

  @Test
  void aRefusedWriteListsEveryRuleTested() {
    int code = explain("-X", "POST", "-H", "X-Api-Key: shop-key", "/orders");

    assertThat(code).isZero();
    assertThat(stdout())
        .contains("authorization   deny: no allow rule matched")
        .contains(
            "tested        deny orders-access/no-deletes-from-outside -> no match  when:"
                + " request.method == 'DELETE' && !request.ip.startsWith('10.')")
        .contains(
            "tested        allow orders-access/readers-may-read -> no match  when: request.method"
                + " == 'GET'")
        .contains("tested        allow orders-access/admins-may-write -> no match")
        .contains("result          answered by Portico with 403");
  }

  @Test
  void theClientAddressFeedsConditions() {
    explain("-X", "DELETE", "-H", "X-Api-Key: ops-key", "--ip", "203.0.113.7", "/orders/1");
    assertThat(stdout())
        .contains("deny by policy 'orders-access', rule 'no-deletes-from-outside'")
        .contains("answered by Portico with 403");

    out.reset();
    explain("-X", "DELETE", "-H", "X-Api-Key: ops-key", "--ip", "10.1.2.3", "/orders/1");
    assertThat(stdout())
        .contains("allow by policy 'orders-access', rule 'admins-may-write'")
        .contains("forwarded to upstream 'orders'");
  }

  @Test
  void missingAndWrongCredentialsStopAtAuthentication() {
    explain("/orders/1");
    assertThat(stdout())
        .contains("authentication  rejected (none): no credentials, and the route requires them")
        .doesNotContain("authorization")
        .contains("answered by Portico with 401");

    out.reset();
    explain("-H", "X-Api-Key: guess", "/orders/1");
    assertThat(stdout())
        .contains("authentication  rejected (api-key): invalid-api-key")
        .contains("answered by Portico with 401");
  }

  @Test
  void publicRoutesNotFoundAndWrongMethods() {
    explain("http://api.example.com/docs/intro?lang=en");
    assertThat(stdout())
        .contains("route           route 'docs' matches")
        .contains("not-required (none): the route is public")
        .contains("forwarded to upstream 'orders'");

    out.reset();
    explain("/nowhere");
    assertThat(stdout()).contains("no route matches").contains("answered by Portico with 404");

    out.reset();
    explain("-X", "PUT", "/orders/1");
    assertThat(stdout())
        .contains("routes match the path but not PUT; they accept")
        .contains("answered by Portico with 405");
  }

  @Test
  void thePathIsNormalizedFirstAndBadPathsAreRefused() {
    explain("-H", "X-Api-Key: shop-key", "/docs/../orders/./42");
    assertThat(stdout())
        .contains("path            /orders/42")
        .contains("route           route 'orders' matches");

    out.reset();
    explain("/orders/%2e%2e/admin");
    assertThat(stdout())
        .contains("path            refused: ")
        .contains("answered by Portico with 400");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(explain("-X")).isEqualTo(PorticoMain.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("-X needs a value");

    err.reset();
    assertThat(explain("-H", "no-colon", "/x")).isEqualTo(PorticoMain.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("expects 'Name: value'");

    err.reset();
    assertThat(explain()).isEqualTo(PorticoMain.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("explain needs a path or URL");
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
