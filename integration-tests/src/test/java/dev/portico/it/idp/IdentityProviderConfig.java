package dev.portico.it.idp;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimsContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The Spring Authorization Server application behind {@link TestIdentityProvider}: a servlet
 * (Tomcat) context with only the auto-configuration it needs, listed explicitly, so nothing of the
 * gateway's reactive stack (Spring Cloud Gateway, reactor-netty server) is configured in it.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@ImportAutoConfiguration({
  PropertyPlaceholderAutoConfiguration.class,
  TomcatServletWebServerAutoConfiguration.class,
  DispatcherServletAutoConfiguration.class,
  WebMvcAutoConfiguration.class,
  HttpMessageConvertersAutoConfiguration.class,
  JacksonAutoConfiguration.class,
  SecurityFilterAutoConfiguration.class
})
class IdentityProviderConfig {

  /** Property: access token lifetime of every client (ISO-8601 duration). */
  static final String ACCESS_TOKEN_TTL = "test-idp.access-token-ttl";

  /** The endpoints of the authorization server, OIDC included; browsers go to the login form. */
  @Bean
  @Order(1)
  SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
    http.oauth2AuthorizationServer(
            server -> {
              http.securityMatcher(server.getEndpointsMatcher());
              server.oidc(
                  oidc ->
                      oidc.logoutEndpoint(
                          logout ->
                              logout.authenticationProviders(
                                  providers ->
                                      providers.forEach(
                                          provider -> {
                                            if (provider
                                                instanceof
                                                OidcLogoutAuthenticationProvider logoutProvider) {
                                              logoutProvider.setAuthenticationValidator(
                                                  new LoopbackPostLogoutRedirects());
                                            }
                                          }))));
            })
        .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
        .exceptionHandling(
            exceptions ->
                exceptions.defaultAuthenticationEntryPointFor(
                    new LoginUrlAuthenticationEntryPoint("/login"),
                    new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
    return http.build();
  }

  /** Everything else: the form login page (with CSRF protection, as Spring Security's default). */
  @Bean
  @Order(2)
  SecurityFilterChain login(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
        .formLogin(Customizer.withDefaults());
    return http.build();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        TestIdentityProvider.USERS.stream()
            .map(
                user ->
                    User.withUsername(user.username())
                        .password("{noop}" + user.password())
                        .authorities("USER")
                        .build())
            .toList());
  }

  @Bean
  RegisteredClientRepository clients(org.springframework.core.env.Environment environment) {
    Duration ttl =
        Duration.parse(environment.getProperty(ACCESS_TOKEN_TTL, Duration.ofMinutes(5).toString()));
    return new InMemoryRegisteredClientRepository(
        serviceClient(TestIdentityProvider.SERVICE_CLIENT, OAuth2TokenFormat.SELF_CONTAINED, ttl),
        serviceClient(TestIdentityProvider.OPAQUE_CLIENT, OAuth2TokenFormat.REFERENCE, ttl),
        serviceClient(
            TestIdentityProvider.INTROSPECTION_CLIENT, OAuth2TokenFormat.SELF_CONTAINED, ttl),
        loginClient(ttl));
  }

  private static RegisteredClient serviceClient(
      TestIdentityProvider.Client client, OAuth2TokenFormat format, Duration ttl) {
    return RegisteredClient.withId(UUID.randomUUID().toString())
        .clientId(client.id())
        .clientSecret("{noop}" + client.secret())
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
        .scopes(scopes -> scopes.addAll(TestIdentityProvider.SERVICE_SCOPES))
        .tokenSettings(
            TokenSettings.builder().accessTokenFormat(format).accessTokenTimeToLive(ttl).build())
        .build();
  }

  private static RegisteredClient loginClient(Duration ttl) {
    TestIdentityProvider.Client client = TestIdentityProvider.LOGIN_CLIENT;
    return RegisteredClient.withId(UUID.randomUUID().toString())
        .clientId(client.id())
        .clientSecret("{noop}" + client.secret())
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
        // Loopback redirect URIs: Spring Authorization Server ignores the port of 127.0.0.1
        // redirect URIs (RFC 8252 §7.3), so this covers a gateway on any port.
        .redirectUri("http://127.0.0.1" + TestIdentityProvider.CALLBACK_PATH)
        .postLogoutRedirectUri("http://127.0.0.1/")
        .scope(OidcScopes.OPENID)
        .scope(OidcScopes.PROFILE)
        .scope(OidcScopes.EMAIL)
        .scopes(scopes -> scopes.addAll(TestIdentityProvider.SERVICE_SCOPES))
        .clientSettings(
            ClientSettings.builder()
                .requireProofKey(true)
                .requireAuthorizationConsent(false)
                .build())
        .tokenSettings(
            TokenSettings.builder()
                .accessTokenTimeToLive(ttl)
                .refreshTokenTimeToLive(Duration.ofHours(8))
                .reuseRefreshTokens(false)
                .build())
        .build();
  }

  /** Roles (claim {@code roles}) and profile claims in JWT access tokens and ID tokens. */
  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> jwtClaims() {
    return context -> {
      boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
      boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
      if (accessToken || idToken) {
        context
            .getClaims()
            .claim("roles", roles(context.getPrincipal(), context.getAuthorizationGrantType()));
      }
      if (idToken) {
        TestIdentityProvider.user(context.getPrincipal().getName())
            .ifPresent(
                user ->
                    context
                        .getClaims()
                        .claims(
                            claims ->
                                claims.putAll(
                                    Map.of("email", user.email(), "name", user.displayName()))));
      }
    };
  }

  /** Roles for opaque (reference) access tokens, so introspection returns them. */
  @Bean
  OAuth2TokenCustomizer<OAuth2TokenClaimsContext> opaqueClaims() {
    return context ->
        context
            .getClaims()
            .claim("roles", roles(context.getPrincipal(), context.getAuthorizationGrantType()));
  }

  private static List<String> roles(Authentication principal, AuthorizationGrantType grant) {
    if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(grant)) {
      return TestIdentityProvider.SERVICE_ROLES;
    }
    return TestIdentityProvider.user(principal.getName())
        .map(TestIdentityProvider.TestUser::roles)
        .orElse(List.of());
  }

  @Bean
  JWKSource<SecurityContext> signingKeys() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("test-idp-" + UUID.randomUUID()).generate();
    return new ImmutableJWKSet<>(new JWKSet(key));
  }

  @Bean
  JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
    return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings() {
    // No fixed issuer: it follows the address the request used (http://127.0.0.1:<port>).
    return AuthorizationServerSettings.builder().build();
  }
}
