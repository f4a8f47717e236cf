package dev.portico.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

class CopyWhenNeededHeadersFilterTest {

  private static final ServerWebExchange EXCHANGE =
      MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway/x"));

  static Stream<Arguments> cases() {
    HttpHeadersFilter hopByHop = new RemoveHopByHopHeadersFilter();
    HttpHeadersFilter grpc = new GRPCRequestHeadersFilter();
    Map<String, String> plain = Map.of("Host", "api.example.com", "Accept", "application/json");
    return Stream.of(
        Arguments.of(hopByHop, plain, false),
        Arguments.of(hopByHop, Map.of("Host", "a", "Keep-Alive", "timeout=5"), true),
        Arguments.of(hopByHop, Map.of("Host", "a", "TE", "trailers"), true),
        Arguments.of(hopByHop, Map.of("Connection", "X-Hop, close", "X-Hop", "1", "Y", "2"), true),
        Arguments.of(hopByHop, Map.of("Proxy-Authorization", "Basic eA=="), true),
        Arguments.of(grpc, plain, false),
        Arguments.of(grpc, Map.of("Content-Type", "application/json"), false),
        Arguments.of(grpc, Map.of("Content-Type", "application/grpc+proto", "TE", "x"), true),
        Arguments.of(grpc, Map.of("content-type", "Application/GRPC"), true));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("cases")
  void givesWhatTheWrappedFilterGivesAndCopiesOnlyWhenItMustChangeSomething(
      HttpHeadersFilter spring, Map<String, String> received, boolean changes) {
    HttpHeaders input = new HttpHeaders();
    received.forEach(input::add);
    HttpHeadersFilter wrapped = CopyWhenNeededHeadersFilter.wrap(spring);

    HttpHeaders expected = spring.filter(input, EXCHANGE);
    HttpHeaders actual = wrapped.filter(input, EXCHANGE);

    assertThat(wrapped).isInstanceOf(CopyWhenNeededHeadersFilter.class);
    assertThat(actual.toSingleValueMap()).isEqualTo(expected.toSingleValueMap());
    assertThat(actual == input).isEqualTo(!changes);
    for (HttpHeadersFilter.Type type : HttpHeadersFilter.Type.values()) {
      assertThat(wrapped.supports(type)).isEqualTo(spring.supports(type));
    }
  }

  @Test
  void keepsOtherFiltersAndTheOrderAndLeavesOutTheForwardingHeaderRemovers() {
    HttpHeadersFilter own = (input, exchange) -> input;
    HttpHeadersFilter hopByHop = new RemoveHopByHopHeadersFilter();

    List<HttpHeadersFilter> wrapped =
        CopyWhenNeededHeadersFilter.wrap(
            List.of(
                new RemoveForwardedHeadersFilter(),
                own,
                new RemoveXForwardedHeadersFilter(),
                hopByHop));

    assertThat(wrapped).hasSize(2);
    assertThat(wrapped.get(0)).isSameAs(own);
    assertThat(wrapped.get(1)).isInstanceOf(CopyWhenNeededHeadersFilter.class);
    assertThat(((CopyWhenNeededHeadersFilter) wrapped.get(1)).getOrder())
        .isEqualTo(((RemoveHopByHopHeadersFilter) hopByHop).getOrder());
  }
}
