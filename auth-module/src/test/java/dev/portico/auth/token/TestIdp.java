package dev.portico.auth.token;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;

/**
 * An identity provider played by WireMock on a free loopback port: realms with a discovery document
 * and a JWKS each, which tests can replace, slow down or break, and whose requests they count.
 */
final class TestIdp implements AutoCloseable {

  final WireMockServer server;

  TestIdp() {
    server =
        new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(20));
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  String issuer(String realm) {
    return base() + "/realms/" + realm;
  }

  String jwksPath(String realm) {
    return "/realms/" + realm + "/jwks";
  }

  String jwksUri(String realm) {
    return base() + jwksPath(realm);
  }

  String discoveryPath(String realm) {
    return "/realms/" + realm + "/.well-known/openid-configuration";
  }

  /** Serves a discovery document for {@code realm} pointing at its JWKS and endpoints. */
  TestIdp discovery(String realm) {
    String issuer = issuer(realm);
    String document =
        "{\"issuer\":\""
            + issuer
            + "\",\"jwks_uri\":\""
            + jwksUri(realm)
            + "\","
            + "\"authorization_endpoint\":\""
            + issuer
            + "/auth\","
            + "\"token_endpoint\":\""
            + issuer
            + "/token\","
            + "\"introspection_endpoint\":\""
            + issuer
            + "/introspect\","
            + "\"end_session_endpoint\":\""
            + issuer
            + "/logout\","
            + "\"userinfo_endpoint\":\""
            + issuer
            + "/userinfo\"}";
    server.stubFor(get(urlEqualTo(discoveryPath(realm))).willReturn(okJson(document)));
    return this;
  }

  /** Serves {@code jwks} for {@code realm} (replacing what was served before). */
  TestIdp jwks(String realm, String jwks) {
    server.stubFor(get(urlEqualTo(jwksPath(realm))).willReturn(okJson(jwks)));
    return this;
  }

  /** Serves {@code jwks} only after {@code delayMillis}. */
  TestIdp slowJwks(String realm, String jwks, int delayMillis) {
    server.stubFor(
        get(urlEqualTo(jwksPath(realm))).willReturn(okJson(jwks).withFixedDelay(delayMillis)));
    return this;
  }

  /** Makes the JWKS endpoint fail: the connection is reset. */
  TestIdp jwksDown(String realm) {
    server.stubFor(
        get(urlEqualTo(jwksPath(realm)))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    return this;
  }

  int jwksRequests(String realm) {
    return server
        .countRequestsMatching(getRequestedFor(urlEqualTo(jwksPath(realm))).build())
        .getCount();
  }

  int discoveryRequests(String realm) {
    return server
        .countRequestsMatching(getRequestedFor(urlEqualTo(discoveryPath(realm))).build())
        .getCount();
  }

  @Override
  public void close() {
    server.stop();
  }
}
