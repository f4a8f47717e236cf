package dev.portico.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.config.model.Cidr;
import dev.portico.config.model.CidrRegionTable;
import dev.portico.config.model.ClientLocality;
import dev.portico.gateway.forwarded.TrustedProxies;
import dev.portico.testing.geoip.MmdbWriter;
import java.io.UncheckedIOException;
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
  void aDescribedCallerIsPlacedByItsHeaderValueAsAProxyWouldSendIt() {
    var settings = new ClientLocality("CloudFront-Viewer-Country", Map.of("US", "us-east"), null);
    CallerRegion regions = CallerRegion.of(settings, CDN);
    assertThat(regions.header()).isEqualTo("CloudFront-Viewer-Country");
    assertThat(regions.regionOf("US", "203.0.113.9")).isEqualTo("us-east");
    assertThat(regions.regionOf("BR", "203.0.113.9")).isNull();
    assertThat(regions.regionOf(null, null)).isNull();
    assertThat(CallerRegion.of(null, CDN).regionOf("US", "10.1.2.3")).isNull();
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
    // A described caller (a simulation) is placed by its address the same way.
    assertThat(CallerRegion.of(settings, CDN).regionOf(null, "203.0.113.7")).isEqualTo("us-east");
    // The header of a trusted proxy still wins over the table.
    assertThat(region(settings, from("10.0.0.1", "ap-south"))).isEqualTo("ap-south");
  }

  private static ClientLocality geoip(Path database, String cidrFile) {
    return new ClientLocality(
        "CloudFront-Viewer-Country",
        Map.of("US", "us-east", "CA", "us-east", "DE", "eu-central"),
        cidrFile,
        database.toString(),
        Map.of("EU", "eu-west", "AS", "ap-south"));
  }

  private static Path countries(Path dir) throws Exception {
    Path file = dir.resolve("countries.mmdb");
    new MmdbWriter("GeoLite2-Country")
        .put("198.51.100.0/24", place("US", "NA"))
        .put("203.0.113.0/24", place("DE", "EU"))
        .put("203.0.113.128/25", place("FR", "EU"))
        .put("2001:db8::/32", place("JP", "AS"))
        .put("192.0.2.0/24", place("BR", "SA"))
        .write(file);
    return file;
  }

  private static Map<String, Object> place(String country, String continent) {
    return Map.of("country", Map.of("iso_code", country), "continent", Map.of("code", continent));
  }

  @Test
  void theGeoIpDatabasePlacesTheClientByCountryThenContinent(@TempDir Path dir) throws Exception {
    var settings = geoip(countries(dir), null);

    assertThat(region(settings, from("198.51.100.7", null))).as("US").isEqualTo("us-east");
    assertThat(region(settings, from("203.0.113.7", null))).as("DE").isEqualTo("eu-central");
    assertThat(region(settings, from("203.0.113.200", null)))
        .as("FR is not in regions: its continent")
        .isEqualTo("eu-west");
    assertThat(region(settings, from("2001:db8::1", null))).as("JP → AS").isEqualTo("ap-south");
    assertThat(region(settings, from("192.0.2.1", null)))
        .as("BR: neither the country nor SA is mapped")
        .isNull();
    assertThat(region(settings, from("100.64.0.1", null))).as("not in the database").isNull();
  }

  @Test
  void theHeaderAndTheCidrTableComeBeforeTheDatabase(@TempDir Path dir) throws Exception {
    Path table = dir.resolve("regions.txt");
    Files.writeString(table, "198.51.100.0/25 us-west\n");
    var settings = geoip(countries(dir), table.toString());

    assertThat(region(settings, from("10.0.0.1", "US"))).as("header").isEqualTo("us-east");
    assertThat(region(settings, from("198.51.100.7", null))).as("table").isEqualTo("us-west");
    assertThat(region(settings, from("198.51.100.200", null))).as("database").isEqualTo("us-east");
  }

  @Test
  void behindATrustedProxyTheForwardedClientAddressIsLookedUp(@TempDir Path dir) throws Exception {
    var settings = geoip(countries(dir), null);
    var viaProxy =
        MockServerWebExchange.from(
            MockServerHttpRequest.get("/x")
                .remoteAddress(new InetSocketAddress("10.1.2.3", 40000))
                .header("X-Forwarded-For", "203.0.113.9"));
    var spoofed =
        MockServerWebExchange.from(
            MockServerHttpRequest.get("/x")
                .remoteAddress(new InetSocketAddress("198.51.100.7", 40000))
                .header("X-Forwarded-For", "203.0.113.9"));

    assertThat(region(settings, viaProxy)).isEqualTo("eu-central");
    assertThat(region(settings, spoofed))
        .as("an untrusted peer is placed by its own address")
        .isEqualTo("us-east");
  }

  @Test
  void aMissingDatabaseRefusesTheSnapshot(@TempDir Path dir) {
    var settings = geoip(dir.resolve("missing.mmdb"), null);
    assertThatThrownBy(() -> CallerRegion.of(settings, CDN))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("missing.mmdb");
  }

  @Test
  void aMalformedTableLineIsReportedWithItsNumber() {
    assertThatThrownBy(() -> CidrRegionTable.parse(List.of("10.0.0.0/8 eu", "300.1.1.1/8 us")))
        .hasMessageStartingWith("line 2: '300.1.1.1/8' is not an IP network");
  }
}
