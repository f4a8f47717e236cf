package dev.portico.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.config.model.Cidr;
import dev.portico.config.model.CidrRegionTable;
import dev.portico.config.model.ClientLocality;
import dev.portico.gateway.forwarded.TrustedProxies;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    var settings = new ClientLocality("CloudFront-Viewer-Country", Map.of("US", "us-east"), null);
    assertThat(region(settings, from("10.1.2.3", "US"))).isEqualTo("us-east");
  }

  @Test
  void anUnmappedValueHasNoRegion() {
    var settings = new ClientLocality("CloudFront-Viewer-Country", Map.of("US", "us-east"), null);
    assertThat(region(settings, from("10.1.2.3", "BR"))).isNull();
  }

  @Test
  void withoutAMapTheValueIsTheRegion() {
    var settings = new ClientLocality("CloudFront-Viewer-Country", Map.of(), null);
    assertThat(region(settings, from("10.1.2.3", " eu-west "))).isEqualTo("eu-west");
  }

  @Test
  void theHeaderFromAnUntrustedPeerIsIgnored() {
    var settings = new ClientLocality("CloudFront-Viewer-Country", Map.of(), null);
    assertThat(region(settings, from("203.0.113.9", "us-east"))).isNull();
  }

  @Test
  void noHeaderOrNoSettingsMeansNoRegion() {
    assertThat(
            region(
                new ClientLocality("CloudFront-Viewer-Country", Map.of(), null),
                from("10.1.2.3", null)))
        .isNull();
    assertThat(region(null, from("10.1.2.3", "us-east"))).isNull();
  }

  @Test
  void withoutTheHeaderTheClientAddressIsLookedUpInTheCidrTable(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("regions.txt");
    Files.writeString(
        file,
        """
        # network        region
        203.0.113.0/24   us-east
        203.0.113.128/25 us-west   # longer prefix wins
        2001:db8::/32    eu-west
        """);
    var settings = new ClientLocality("CloudFront-Viewer-Country", Map.of(), file.toString());

    assertThat(region(settings, from("203.0.113.7", null))).isEqualTo("us-east");
    assertThat(region(settings, from("203.0.113.200", null))).isEqualTo("us-west");
    assertThat(region(settings, from("2001:db8::5", null))).isEqualTo("eu-west");
    assertThat(region(settings, from("198.51.100.1", null))).isNull();
    // The header of a trusted proxy still wins over the table.
    assertThat(region(settings, from("10.0.0.1", "ap-south"))).isEqualTo("ap-south");
  }

  @Test
  void aMalformedTableLineIsReportedWithItsNumber() {
    assertThatThrownBy(() -> CidrRegionTable.parse(List.of("10.0.0.0/8 eu", "300.1.1.1/8 us")))
        .hasMessageStartingWith("line 2: '300.1.1.1/8' is not an IP network");
  }
}
