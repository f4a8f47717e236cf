package dev.portico.auth.spring.login;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.portico.config.model.OidcLogin;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The token endpoint client against a real HTTP server (WireMock). */
class TokenEndpointTest {

  private static final String TOKENS =
      "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":300,"
          + "\"refresh_token\":\"rt-1\",\"id_token\":\"id-1\",\"scope\":\"openid profile\"}";

  private WireMockServer idp;
  private URI endpoint;

  @BeforeEach
  void start() {
    idp = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    idp.start();
    endpoint = URI.create("http://127.0.0.1:" + idp.port() + "/token");
  }

  @AfterEach
  void stop() {
    idp.stop();
  }

  private TokenEndpoint client(String secret) {
    return new TokenEndpoint(
        BrowserLogin.defaultHttpClient(), new OidcLogin("portico web", secret, List.of("openid")));
  }

  @Test
  void codeExchangeSendsCodeVerifierAndClientSecretBasic() {
    idp.stubFor(post("/token").willReturn(okJson(TOKENS)));

    StepVerifier.create(
            client("s3cr:et")
                .exchangeCode(endpoint, "the-code", "http://127.0.0.1:1/cb", "v".repeat(43)))
        .assertNext(
            tokens -> {
              assertThat(tokens.accessToken()).isEqualTo("at-1");
              assertThat(tokens.expiresIn()).isEqualTo(Duration.ofSeconds(300));
              assertThat(tokens.refreshToken()).isEqualTo("rt-1");
              assertThat(tokens.idToken()).isEqualTo("id-1");
              assertThat(tokens.scope()).isEqualTo("openid profile");
            })
        .verifyComplete();

    String basic =
        "Basic " + Base64.getEncoder().encodeToString("portico+web:s3cr%3Aet".getBytes());
    idp.verify(
        postRequestedFor(urlEqualTo("/token"))
            .withHeader("Authorization", equalTo(basic))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withRequestBody(
                equalTo(
                    "grant_type=authorization_code&code=the-code"
                        + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb&code_verifier="
                        + "v".repeat(43))));
  }

  @Test
  void publicClientSendsItsIdInTheFormAndNoAuthorization() {
    idp.stubFor(post("/token").willReturn(okJson(TOKENS)));

    StepVerifier.create(client(null).refresh(endpoint, "rt-0"))
        .assertNext(tokens -> assertThat(tokens.accessToken()).isEqualTo("at-1"))
        .verifyComplete();

    idp.verify(
        postRequestedFor(urlEqualTo("/token"))
            .withHeader("Authorization", absent())
            .withRequestBody(
                equalTo("grant_type=refresh_token&refresh_token=rt-0&client_id=portico+web")));
  }

  @Test
  void oauthErrorAnswerIsRefusedWithItsCode() {
    idp.stubFor(
        post("/token")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"code used\"}")));

    StepVerifier.create(client("s").refresh(endpoint, "rt"))
        .expectErrorSatisfies(
            error -> {
              assertThat(error).isInstanceOf(TokenEndpointException.class);
              TokenEndpointException e = (TokenEndpointException) error;
              assertThat(e.refused()).isTrue();
              assertThat(e.error()).isEqualTo("invalid_grant");
            })
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void serverErrorIsUnavailableNotRefused() {
    idp.stubFor(post("/token").willReturn(aResponse().withStatus(503).withBody("down")));

    StepVerifier.create(client("s").refresh(endpoint, "rt"))
        .expectErrorSatisfies(
            error -> {
              TokenEndpointException e = (TokenEndpointException) error;
              assertThat(e.refused()).isFalse();
              assertThat(e.getMessage()).contains("503");
            })
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void errorCodeThatIsNotATokenIsNotEchoed() {
    idp.stubFor(
        post("/token")
            .willReturn(
                aResponse().withStatus(400).withBody("{\"error\":\"<script>alert(1)</script>\"}")));

    StepVerifier.create(client("s").refresh(endpoint, "rt"))
        .expectErrorSatisfies(
            error ->
                assertThat(((TokenEndpointException) error).error()).isEqualTo("unknown_error"))
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void responseWithoutBearerAccessTokenIsUnavailable() {
    idp.stubFor(
        post("/token").willReturn(okJson("{\"access_token\":\"x\",\"token_type\":\"mac\"}")));

    StepVerifier.create(client("s").refresh(endpoint, "rt"))
        .expectErrorSatisfies(
            error -> {
              assertThat(((TokenEndpointException) error).refused()).isFalse();
              assertThat(error).hasMessageContaining("Bearer");
            })
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void unreachableEndpointIsUnavailable() {
    int port = idp.port();
    idp.stop();

    StepVerifier.create(
            client("s").refresh(URI.create("http://127.0.0.1:" + port + "/token"), "rt"))
        .expectErrorSatisfies(
            error -> {
              assertThat(((TokenEndpointException) error).refused()).isFalse();
              assertThat(error).hasMessageContaining("cannot be reached");
            })
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void expiresInAsStringIsUnderstood() {
    assertThat(
            TokenEndpoint.parse(
                    200, "{\"access_token\":\"a\",\"token_type\":\"bearer\",\"expires_in\":\"60\"}")
                .expiresIn())
        .isEqualTo(Duration.ofSeconds(60));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(
      String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}
