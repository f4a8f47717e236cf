package dev.portico.it.idp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.auth.spring.login.LoginEndpointsWebFilter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** {@link LoginEndpointsWebFilter} when no route uses login, and its order. */
class LoginEndpointsWebFilterTest {

  @Test
  void withoutBrowserLoginEveryRequestPassesThroughEvenTheCallbackPath() {
    AtomicBoolean passed = new AtomicBoolean();
    WebFilterChain chain =
        exchange -> {
          passed.set(true);
          exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
          return Mono.empty();
        };
    MockServerWebExchange exchange =
        MockServerWebExchange.from(MockServerHttpRequest.get("/oauth2/callback?code=x&state=y"));

    new LoginEndpointsWebFilter(() -> null).filter(exchange, chain).block(Duration.ofSeconds(5));

    assertThat(passed).isTrue();
    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
  }

  @Test
  void orderIsTheOneGiven() {
    assertThat(new LoginEndpointsWebFilter(() -> null, -4_500).getOrder()).isEqualTo(-4_500);
    assertThat(new LoginEndpointsWebFilter(() -> null).getOrder())
        .isEqualTo(LoginEndpointsWebFilter.DEFAULT_ORDER);
  }
}
