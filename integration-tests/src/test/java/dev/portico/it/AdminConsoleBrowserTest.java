package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.it.idp.TestIdentityProvider;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The admin console in a real (headless) Chromium: operators sign in at the integration tests' OIDC
 * provider, see the route table and live figures, edit the configuration (an error is shown at its
 * line), apply it and roll it back; a read-only user cannot apply. Screenshots land in
 * target/screenshots.
 */
@RunsAlone
class AdminConsoleBrowserTest {

  static TestIdentityProvider idp;
  static WireMockServer upstream;
  static PorticoGateway gateway;
  static HeadlessChromium chromium;

  @BeforeAll
  static void start(@TempDir Path dir) {
    idp = TestIdentityProvider.start();
    upstream = Upstreams.wiremock();
    upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("upstream")));
    String secret =
        Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    gateway =
        PorticoGateway.start(
            dir,
            """
            gateway:
              auth:
                session: { secret: "%s" }
              admin:
                issuer: corp
                admin-roles: [orders-admin]
                read-only-roles: [orders-reader]
            issuers:
            %s
            rate-limits:
              per-ip: { limits: [1/min], burst: 1, key: [client-ip] }
            upstreams:
              app: { endpoints: [ { url: "http://127.0.0.1:%d" } ] }
            routes:
              - { id: orders, match: { path: /orders/** }, upstream: app, public: true }
              - { id: catalog, match: { path: /catalog/** }, upstream: app, public: true }
              - id: limited
                match: { path: /limited/** }
                upstream: app
                public: true
                rate-limits: [per-ip]
            """
                .formatted(secret, idp.issuerYaml("corp", 2), upstream.port()));
    chromium = new HeadlessChromium();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    gateway.close();
    upstream.stop();
    idp.close();
  }

  static String console(String fragment) {
    return "http://127.0.0.1:" + gateway.managementPort() + "/admin/" + fragment;
  }

  static void logIn(TestIdentityProvider.TestUser user) {
    // Every cookie of every origin: the console's session and the provider's login session.
    chromium.driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    // Leave the console first: from /admin/#x, /admin/#overview would only change the fragment.
    chromium.driver.get("about:blank");
    chromium.driver.get(console("#overview"));
    try {
      chromium.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    } catch (RuntimeException e) {
      chromium.screenshot("failed-login-" + user.username());
      throw e;
    }
    chromium.screenshot("01-provider-login-" + user.username());
    chromium.driver.findElement(By.id("username")).sendKeys(user.username());
    chromium.driver.findElement(By.id("password")).sendKeys(user.password());
    chromium.driver.findElement(By.cssSelector("button[type=submit]")).click();
    chromium
        .waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), user.username()));
  }

  static void show(String view) {
    chromium.driver.get(console("#" + view));
    chromium.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-" + view)));
  }

  /** Replaces the editor's text as typing would (the input event renumbers the lines). */
  static void setEditor(String text) {
    chromium.driver.executeScript(
        "const a = document.getElementById('yaml'); a.value = arguments[0];"
            + " a.dispatchEvent(new Event('input'));",
        text);
  }

  static String editor() {
    return (String) chromium.driver.executeScript("return document.getElementById('yaml').value");
  }

  static void click(String id) {
    chromium.driver.findElement(By.id(id)).click();
  }

  static void waitForStatus(String text) {
    chromium
        .waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("config-status"), text));
  }

  /** Real requests through the public listener, which the console counts on route "orders". */
  static void sendOrders(int count) {
    for (int i = 0; i < count; i++) {
      gateway.client().get().uri("/orders/" + i).exchange().expectStatus().isOk();
    }
  }

  @Test
  void adminSeesRoutesAndTrafficEditsWithAnErrorAppliesAndRollsBack() {
    logIn(TestIdentityProvider.ALICE);
    assertThat(chromium.driver.findElement(By.id("who")).getText()).isEqualTo("alice (admin)");

    sendOrders(1);
    show("overview");
    By ordersRow = By.xpath("//table[@id='traffic-table']//tr[td[1]='orders']/td[2]");
    chromium.waiting().until(ExpectedConditions.textToBe(ordersRow, "1"));
    sendOrders(5);
    chromium.waiting().until(ExpectedConditions.textToBe(ordersRow, "6"));
    chromium
        .waiting()
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-rate .uplot")));
    chromium.screenshot("02-overview");

    show("routes");
    chromium
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("routes-table"), "/orders/**"));
    chromium
        .driver
        .findElement(By.xpath("//table[@id='routes-table']//tr[td[2]='orders']"))
        .click();
    By detailRequests =
        By.cssSelector("#route-detail-figures dd[data-figure='Requests since start']");
    chromium.waiting().until(ExpectedConditions.textToBe(detailRequests, "6"));
    sendOrders(2);
    chromium.waiting().until(ExpectedConditions.textToBe(detailRequests, "8"));
    chromium.screenshot("03-routes");

    show("config");
    chromium.waiting().until(driver -> editor().contains("id: orders"));
    String running = editor();
    String broken =
        running + "  - { id: added, match: { path: /added/** }, upstream: app, public: maybe }\n";
    int brokenLine = broken.split("\n").length;
    setEditor(broken);
    click("validate");
    WebElement error =
        chromium
            .waiting()
            .until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#config-errors li")));
    assertThat(error.getText()).startsWith("line " + brokenLine + ":");
    assertThat(chromium.driver.findElement(By.cssSelector("#gutter .error-line")).getText())
        .isEqualTo(Integer.toString(brokenLine));
    chromium.screenshot("04-config-error-at-its-line");

    setEditor(broken.replace("public: maybe", "public: true"));
    click("validate");
    waitForStatus("Valid.");
    click("diff");
    chromium
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("config-diff"), "+  - { id: added"));
    click("apply");
    waitForStatus("Apply: applied");
    chromium.screenshot("05-config-applied");
    gateway.client().get().uri("/added/1").exchange().expectStatus().isOk();

    WebElement rollback =
        chromium
            .waiting()
            .until(
                ExpectedConditions.elementToBeClickable(
                    By.cssSelector("button.rollback[data-version='1']")));
    rollback.click();
    waitForStatus("Rollback to 1: applied");
    chromium.screenshot("06-rolled-back");
    gateway.client().get().uri("/added/1").exchange().expectStatus().isNotFound();
  }

  /**
   * Traffic on its own routes (not on "orders", whose exact counts the other test reads): the route
   * detail's chart from the per-route series, the most limited keys, and the endpoint a simulated
   * request would get.
   */
  @Test
  void adminSeesARoutesChartTheMostLimitedKeysAndTheSimulatedEndpoint() {
    logIn(TestIdentityProvider.ALICE);
    for (int i = 0; i < 3; i++) {
      gateway.client().get().uri("/catalog/" + i).exchange().expectStatus().isOk();
    }
    show("routes");
    chromium
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("routes-table"), "/catalog/**"));
    chromium
        .driver
        .findElement(By.xpath("//table[@id='routes-table']//tr[td[2]='catalog']"))
        .click();
    chromium
        .waiting()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#route-chart-rate .uplot")));
    chromium
        .waiting()
        .until(ExpectedConditions.attributeToBe(By.id("route-chart-rate"), "data-requests", "3"));
    assertThat(chromium.driver.findElements(By.cssSelector("#route-chart-latency .uplot canvas")))
        .isNotEmpty();
    chromium.screenshot("09-route-detail-chart");

    gateway.client().get().uri("/limited/1").exchange().expectStatus().isOk();
    gateway.client().get().uri("/limited/2").exchange().expectStatus().isEqualTo(429);
    show("rate-limits");
    chromium
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("limited-keys-table"), "client-ip=127.0.0.1"));
    assertThat(
            chromium
                .driver
                .findElement(
                    By.xpath("//table[@id='limited-keys-table']//tr[td[1]='limited']/td[2]"))
                .getText())
        .isEqualTo("per-ip");
    chromium.screenshot("10-most-limited-keys");

    show("simulate");
    WebElement path = chromium.driver.findElement(By.id("sim-path"));
    path.clear();
    path.sendKeys("/catalog/9");
    chromium.driver.findElement(By.cssSelector("#simulate-form button[type=submit]")).click();
    chromium
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("sim-result"), "http://127.0.0.1:" + upstream.port()));
    assertThat(chromium.driver.findElement(By.id("sim-endpoint-table")).getText())
        .contains("all endpoints")
        .contains("100%");
    chromium.screenshot("11-simulated-endpoint");
  }

  @Test
  void readOnlyUserSeesTheConfigButCannotApply() {
    logIn(TestIdentityProvider.BOB);
    assertThat(chromium.driver.findElement(By.id("who")).getText()).isEqualTo("bob (read-only)");
    show("config");
    chromium.waiting().until(driver -> editor().contains("id: orders"));
    assertThat(chromium.driver.findElement(By.id("apply")).isEnabled()).isFalse();
    chromium.screenshot("07-read-only-config");
    // Even a request the page does not offer is refused by the server.
    Object status =
        chromium.driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + " const csrf = document.cookie.split('; ').find(c =>"
                + " c.startsWith('PORTICO_ADMIN_CSRF=')).substring(19);"
                + " fetch('/admin/api/v1/config/apply', {method: 'POST', headers:"
                + " {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},"
                + " body: JSON.stringify({yaml: 'routes: []', base_digest: 'x'})})"
                + ".then(r => done(r.status));");
    assertThat(((Number) status).intValue()).isEqualTo(403);
  }

  @Test
  void signingOutEndsTheSession() {
    logIn(TestIdentityProvider.ALICE);
    String signedIn = chromium.driver.getCurrentUrl();

    click("sign-out");
    chromium.waiting().until(driver -> !driver.getCurrentUrl().equals(signedIn));
    chromium.screenshot("08-signed-out");
    chromium.driver.get("about:blank");
    chromium.driver.get(console("#overview"));

    // No session any more, at the console or at the provider: the provider asks for a password.
    chromium.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
  }
}
