package dev.portico.bench.vanilla.rs;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Spring Cloud Gateway behind Spring Security's OAuth2 resource server, set up the way the Spring
 * Security reference shows it for WebFlux: every exchange must be authenticated, with a JWT bearer
 * token. The decoder comes from Spring Boot's auto-configuration (application.yml: {@code
 * jwk-set-uri}, {@code issuer-uri}, {@code audiences}), so the token's signature (RS256, keys
 * fetched once from the JWK set URI and cached), {@code exp}/{@code nbf}, {@code iss} and {@code
 * aud} are checked. The one route is in application.yml, as in the plain {@code vanilla-scg}.
 */
@SpringBootApplication
@EnableWebFluxSecurity
public class ResourceServerGateway {

  public static void main(String[] args) {
    SpringApplication.run(ResourceServerGateway.class, args);
  }

  @Bean
  SecurityWebFilterChain springSecurityFilterChain(ServerHttpSecurity http) {
    http.authorizeExchange(exchanges -> exchanges.anyExchange().authenticated())
        .oauth2ResourceServer(oauth2 -> oauth2.jwt(Customizer.withDefaults()));
    return http.build();
  }
}
