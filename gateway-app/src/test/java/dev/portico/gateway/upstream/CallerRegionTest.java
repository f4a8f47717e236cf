package dev.portico.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.model.Cidr;
import dev.portico.config.model.ClientLocality;
import dev.portico.gateway.forwarded.TrustedProxies;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class CallerRegionTest {

  private static final TrustedProxies CDN = new TrustedProxies(List.of(Cidr.parse("10.0.0.0/8")));

  private static MockServerWebExchange from(String peer, String country) {
    MockServerHttpRequest.BaseBuilder<?> request =
        MockServerHttpRequest.get("/x").remoteAddress(new InetSocketAddress(peer, 40000));
    if (country != null) {
      request.header("CloudFront-Viewer-Country", country);
    }
    return MockServerWebExchange.from(request);
  }

  private static String region(ClientLocality settings, MockServerWebExchange exchange) {
    return CallerRegion.of(settings, CDN).apply(exchange);
  }

  @Test
  void aTrustedProxysHeaderIsMappedToARegion() {
    var settings = new ClientLocality("CloudFront-Viewer-Country", Map.of("US", "us-east"));
    assertThat(region(settings, from("10.1.2.3", "US"))).isEqualTo("us-east");
  }

  @Test
  void anUnmappedValueHasNoRegion() {
    var settings = new ClientLocality("CloudFront-Viewer-Country", Map.of("US", "us-east"));
    assertThat(region(settings, from("10.1.2.3", "BR"))).isNull();
  }

  @Test
  void withoutAMapTheValueIsTheRegion() {
    var settings = new ClientLocality("CloudFront-Viewer-Country", Map.of());
    assertThat(region(settings, from("10.1.2.3", " eu-west "))).isEqualTo("eu-west");
  }

  @Test
  void theHeaderFromAnUntrustedPeerIsIgnored() {
    var settings = new ClientLocality("CloudFront-Viewer-Country", Map.of());
    assertThat(region(settings, from("203.0.113.9", "us-east"))).isNull();
  }

  @Test
  void noHeaderOrNoSettingsMeansNoRegion() {
    assertThat(
            region(
                new ClientLocality("CloudFront-Viewer-Country", Map.of()), from("10.1.2.3", null)))
        .isNull();
    assertThat(region(null, from("10.1.2.3", "us-east"))).isNull();
  }
}
