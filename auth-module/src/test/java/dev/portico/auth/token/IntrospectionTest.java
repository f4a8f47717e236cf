package dev.portico.auth.token;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.portico.auth.AuthResult;
import dev.portico.auth.CredentialKind;
import dev.portico.auth.Principal;
import dev.portico.auth.Rejection;
import dev.portico.config.model.ClientAuthMethod;
import dev.portico.config.model.Introspection;
import dev.portico.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 7662 introspection of opaque tokens against a WireMock authorization server. */
class IntrospectionTest {

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final Duration NEGATIVE_TTL = Duration.ofSeconds(10);
  private static final String TOKEN = "opaque-token-1234567890";

  private TestIdp idp;
  private MutableClock clock;
  private IssuerRegistry registry;

  @BeforeEach
  void start() {
    idp = new TestIdp();
    for (String realm : List.of("corp", "partner", "discovered")) {
      idp.discovery(realm)
          .jwks(realm, TestKeys.jwks(TestKeys.ec(com.nimbusds.jose.jwk.Curve.P_256, "k")));
    }
    clock = MutableClock.startingNow();
    registry =
        IssuerRegistry.create(
            Map.of(
                "corp",
                    issuer("corp", endpoint("corp"), ClientAuthMethod.CLIENT_SECRET_BASIC)
                        .audiences("orders-api")
                        .build(),
                "partner",
                    issuer("partner", endpoint("partner"), ClientAuthMethod.CLIENT_SECRET_POST)
                        .build(),
                "discovered",
                    issuer("discovered", null, ClientAuthMethod.CLIENT_SECRET_BASIC).build(),
                "plain",
                    IssuerConfig.issuer(idp.issuer("corp")).jwksUri(idp.jwksUri("corp")).build()),
            IssuerConfig.settings(1000),
            clock,
            new SimpleMeterRegistry());
  }

  private IssuerConfig issuer(String realm, URI endpoint, ClientAuthMethod method) {
    Introspection introspection =
        new Introspection(
            endpoint, "portico", "s3cret&=", method, TTL, NEGATIVE_TTL, Duration.ofMillis(500));
    return IssuerConfig.issuer(idp.issuer(realm)).introspection(introspection);
  }

  private URI endpoint(String realm) {
    return URI.create(idp.issuer(realm) + "/introspect");
  }

  @AfterEach
  void stop() {
    registry.close();
    idp.close();
  }

  private void answer(String realm, ResponseDefinitionBuilder response) {
    idp.server.stubFor(post(urlEqualTo("/realms/" + realm + "/introspect")).willReturn(response));
  }

  private String active(String realm, long expEpochSeconds) {
    return "{\"active\":true,\"iss\":\""
        + idp.issuer(realm)
        + "\",\"sub\":\"svc-42\",\"aud\":[\"orders-api\"],"
        + "\"scope\":\"orders:read orders:write\",\"exp\":"
        + expEpochSeconds
        + ",\"client_id\":\"billing\"}";
  }

  private long inMinutes(int minutes) {
    return clock.instant().plus(Duration.ofMinutes(minutes)).getEpochSecond();
  }

  private int calls(String realm) {
    return idp.server
        .countRequestsMatching(
            postRequestedFor(urlEqualTo("/realms/" + realm + "/introspect")).build())
        .getCount();
  }

  private AuthResult authenticate(String... issuers) {
    return registry.authenticateBearer(TOKEN, List.of(issuers)).block(Duration.ofSeconds(10));
  }

  private static Rejection reason(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Rejected.class);
    return ((AuthResult.Rejected) result).reason();
  }

  @Test
  void activeTokenIsAuthenticatedWithItsClaims() {
    answer("corp", okJson(active("corp", inMinutes(30))));

    AuthResult result = authenticate("corp");

    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    Principal principal = ((AuthResult.Authenticated) result).principal();
    assertThat(principal.subject()).isEqualTo("svc-42");
    assertThat(principal.issuer()).isEqualTo("corp");
    assertThat(principal.kind()).isEqualTo(CredentialKind.OPAQUE_TOKEN);
    assertThat(principal.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
    assertThat(principal.claims())
        .containsEntry("client_id", "billing")
        .doesNotContainKey("active");
  }

  @Test
  void inactiveTokenIsRefusedAsInvalid() {
    answer("corp", okJson("{\"active\":false}"));

    assertThat(reason(authenticate("corp"))).isEqualTo(Rejection.INVALID_TOKEN);
  }

  @Test
  void clientSecretBasicSendsFormEncodedCredentialsInTheAuthorizationHeader() {
    answer("corp", okJson(active("corp", inMinutes(30))));

    authenticate("corp");

    String credentials =
        Base64.getEncoder().encodeToString("portico:s3cret%26%3D".getBytes(StandardCharsets.UTF_8));
    idp.server.verify(
        postRequestedFor(urlEqualTo("/realms/corp/introspect"))
            .withHeader("Authorization", equalTo("Basic " + credentials))
            .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
            .withRequestBody(equalTo("token=" + TOKEN + "&token_type_hint=access_token")));
  }

  @Test
  void clientSecretPostSendsCredentialsInTheBody() {
    answer("partner", okJson(active("partner", inMinutes(30))));

    authenticate("partner");

    idp.server.verify(
        postRequestedFor(urlEqualTo("/realms/partner/introspect"))
            .withHeader("Authorization", absent())
            .withRequestBody(
                equalTo(
                    "token="
                        + TOKEN
                        + "&token_type_hint=access_token&client_id=portico&client_secret=s3cret%26%3D")));
  }

  @Test
  void activeResultIsReusedUntilTheCacheTtl() {
    answer("corp", okJson(active("corp", inMinutes(60))));

    authenticate("corp");
    assertThat(authenticate("corp")).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(calls("corp")).isEqualTo(1);

    clock.advance(TTL.plusSeconds(1));
    answer("corp", okJson(active("corp", inMinutes(60))));
    assertThat(authenticate("corp")).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(calls("corp")).isEqualTo(2);
  }

  @Test
  void activeResultIsNotReusedPastTheTokensExpiry() {
    answer("corp", okJson(active("corp", clock.instant().plusSeconds(20).getEpochSecond())));
    assertThat(authenticate("corp")).isInstanceOf(AuthResult.Authenticated.class);

    clock.advance(Duration.ofSeconds(60));

    assertThat(reason(authenticate("corp"))).isEqualTo(Rejection.EXPIRED_TOKEN);
    assertThat(calls("corp")).isEqualTo(2);
  }

  @Test
  void inactiveResultIsReusedBrieflyThenAskedAgain() {
    answer("corp", okJson("{\"active\":false}"));

    authenticate("corp");
    authenticate("corp");
    assertThat(calls("corp")).isEqualTo(1);

    clock.advance(NEGATIVE_TTL.plusSeconds(1));
    authenticate("corp");
    assertThat(calls("corp")).isEqualTo(2);
  }

  @Test
  void endpointDownMakesTheTokenUnavailableAndIsNotCached() {
    answer("corp", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    assertThat(reason(authenticate("corp"))).isEqualTo(Rejection.UNAVAILABLE);
    assertThat(reason(authenticate("corp"))).isEqualTo(Rejection.UNAVAILABLE);
    assertThat(calls("corp")).isEqualTo(2);
  }

  @Test
  void endpointSlowerThanTheTimeoutMakesTheTokenUnavailable() {
    answer("corp", okJson(active("corp", inMinutes(30))).withFixedDelay(3_000));

    assertThat(reason(authenticate("corp"))).isEqualTo(Rejection.UNAVAILABLE);
  }

  @Test
  void serverErrorMakesTheTokenUnavailable() {
    answer("corp", aResponse().withStatus(500));

    assertThat(reason(authenticate("corp"))).isEqualTo(Rejection.UNAVAILABLE);
  }

  @Test
  void answerForAnotherAudienceIsRefused() {
    answer("corp", okJson(active("corp", inMinutes(30)).replace("orders-api", "billing-api")));

    assertThat(authenticate("corp"))
        .isInstanceOfSatisfying(
            AuthResult.Rejected.class,
            r -> assertThat(r.description()).isEqualTo("token audience is not accepted"));
  }

  @Test
  void answerNamingAnotherIssuerIsRefused() {
    answer("partner", okJson(active("corp", inMinutes(30))));

    assertThat(authenticate("partner"))
        .isInstanceOfSatisfying(
            AuthResult.Rejected.class,
            r -> assertThat(r.description()).isEqualTo("token issuer is not accepted here"));
  }

  @Test
  void endpointIsFoundThroughDiscovery() {
    answer("discovered", okJson(active("discovered", inMinutes(30))));

    assertThat(authenticate("discovered")).isInstanceOf(AuthResult.Authenticated.class);
    assertThat(calls("discovered")).isEqualTo(1);
  }

  @Test
  void issuersAreAskedInRouteOrderUntilOneSaysActive() {
    answer("corp", okJson("{\"active\":false}"));
    answer("partner", okJson(active("partner", inMinutes(30))));

    AuthResult result = authenticate("corp", "partner");

    assertThat(((AuthResult.Authenticated) result).principal().issuer()).isEqualTo("partner");
    assertThat(calls("corp")).isEqualTo(1);
    assertThat(calls("partner")).isEqualTo(1);
  }

  @Test
  void laterIssuersAreNotAskedOnceOneSaysActive() {
    answer("corp", okJson(active("corp", inMinutes(30))));
    answer("partner", okJson(active("partner", inMinutes(30))));

    authenticate("corp", "partner");

    assertThat(calls("partner")).isZero();
  }

  @Test
  void unavailabilityOfOneIssuerWinsOverInactiveAtAnother() {
    answer("corp", aResponse().withStatus(503));
    answer("partner", okJson("{\"active\":false}"));

    assertThat(reason(authenticate("corp", "partner"))).isEqualTo(Rejection.UNAVAILABLE);
  }

  @Test
  void opaqueTokenOnARouteWithoutIntrospectionIsRefused() {
    assertThat(authenticate("plain"))
        .isInstanceOfSatisfying(
            AuthResult.Rejected.class,
            r ->
                assertThat(r.description())
                    .isEqualTo(
                        "token is not a signed JWT and no accepted issuer introspects tokens"));
    assertThat(idp.server.findAll(postRequestedFor(urlEqualTo("/realms/corp/introspect"))))
        .isEmpty();
  }
}
