package dev.portico.auth.token;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.portico.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OIDC discovery documents as the login flow sees them. */
class ProviderMetadataTest {

  private TestIdp idp;
  private IssuerRegistry registry;

  @BeforeEach
  void start() {
    idp = new TestIdp();
  }

  @AfterEach
  void stop() {
    if (registry != null) {
      registry.close();
    }
    idp.close();
  }

  private IssuerRegistry registry(Map<String, dev.portico.config.model.Issuer> issuers) {
    registry =
        IssuerRegistry.create(
            issuers,
            IssuerConfig.settings(10),
            MutableClock.startingNow(),
            new SimpleMeterRegistry());
    return registry;
  }

  @Test
  void discoveryDocumentEndpointsAreExposed() {
    idp.discovery("corp").jwks("corp", TestKeys.jwks(TestKeys.rsa("k")));
    registry(Map.of("corp", IssuerConfig.issuer(idp.issuer("corp")).login("console").build()));

    ProviderMetadata metadata = registry.providerMetadata("corp").block(Duration.ofSeconds(10));

    String issuer = idp.issuer("corp");
    assertThat(metadata.issuer()).isEqualTo(issuer);
    assertThat(metadata.jwksUri()).isEqualTo(URI.create(idp.jwksUri("corp")));
    assertThat(metadata.authorizationEndpoint()).isEqualTo(URI.create(issuer + "/auth"));
    assertThat(metadata.tokenEndpoint()).isEqualTo(URI.create(issuer + "/token"));
    assertThat(metadata.introspectionEndpoint()).isEqualTo(URI.create(issuer + "/introspect"));
    assertThat(metadata.endSessionEndpoint()).isEqualTo(URI.create(issuer + "/logout"));
    assertThat(metadata.userinfoEndpoint()).isEqualTo(URI.create(issuer + "/userinfo"));
  }

  @Test
  void loginIssuerWithExplicitJwksUriStillFetchesDiscovery() {
    idp.discovery("corp").jwks("corp", TestKeys.jwks(TestKeys.rsa("k")));
    registry(
        Map.of(
            "corp",
            IssuerConfig.issuer(idp.issuer("corp"))
                .jwksUri(idp.jwksUri("corp"))
                .login("console")
                .build()));

    ProviderMetadata metadata = registry.providerMetadata("corp").block(Duration.ofSeconds(10));

    assertThat(metadata.tokenEndpoint()).isNotNull();
    assertThat(idp.discoveryRequests("corp")).isPositive();
  }

  @Test
  void documentNamingAnotherIssuerIsRefusedAndNoKeysAreFetched() {
    idp.server.stubFor(
        get(urlEqualTo(idp.discoveryPath("corp")))
            .willReturn(
                okJson(
                    "{\"issuer\":\"https://evil.example\",\"jwks_uri\":\""
                        + idp.jwksUri("corp")
                        + "\"}")));
    idp.jwks("corp", TestKeys.jwks(TestKeys.rsa("k")));
    registry(Map.of("corp", IssuerConfig.issuer(idp.issuer("corp")).build()));

    await().until(() -> registry.status("corp").lastError() != null);

    assertThat(registry.status("corp").lastError()).contains("names another issuer");
    assertThat(idp.jwksRequests("corp")).isZero();
    assertThatThrownBy(() -> registry.providerMetadata("corp").block(Duration.ofSeconds(10)))
        .isInstanceOf(ProviderUnavailableException.class);
  }

  @Test
  void issuerWithOnlyAJwksUriAnswersFromItsConfiguration() {
    idp.jwks("corp", TestKeys.jwks(TestKeys.rsa("k")));
    registry(
        Map.of(
            "corp", IssuerConfig.issuer(idp.issuer("corp")).jwksUri(idp.jwksUri("corp")).build()));

    ProviderMetadata metadata = registry.providerMetadata("corp").block(Duration.ofSeconds(10));

    assertThat(metadata.jwksUri()).isEqualTo(URI.create(idp.jwksUri("corp")));
    assertThat(metadata.authorizationEndpoint()).isNull();
    assertThat(idp.discoveryRequests("corp")).isZero();
  }

  @Test
  void unknownIssuerNameIsAnArgumentError() {
    registry(Map.of());

    assertThatThrownBy(() -> registry.providerMetadata("nope").block())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.status("nope")).isInstanceOf(IllegalArgumentException.class);
  }
}
