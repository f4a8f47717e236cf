package dev.portico.config.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.maxmind.db.InvalidDatabaseException;
import dev.portico.config.model.GeoIpDatabase.Place;
import dev.portico.testing.geoip.MmdbWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoIpDatabaseTest {

  /** The database valid/full.yaml names; checked in, and rebuilt here to show how it was made. */
  static final Path COMMITTED = Path.of("src/test/resources/valid/client-countries.mmdb");

  static MmdbWriter countries() {
    return new MmdbWriter("GeoLite2-Country")
        .put("198.51.100.0/24", place("US", "NA"))
        .put("198.51.100.128/25", place("CA", "NA"))
        .put("203.0.113.0/24", place("DE", "EU"))
        .put("2001:db8::/32", place("JP", "AS"))
        // An anycast network: registered to a country, used in none.
        .put(
            "192.0.2.0/24",
            Map.of("registered_country", Map.of("iso_code", "NL"), "traits", Map.of("x", true)))
        // A satellite provider: a continent, no country.
        .put("100.64.0.0/16", Map.of("continent", Map.of("code", "OC")));
  }

  private static Map<String, Object> place(String country, String continent) {
    return Map.of(
        "country",
        Map.of("iso_code", country, "geoname_id", 6252001, "names", Map.of("en", country)),
        "continent",
        Map.of("code", continent),
        "registered_country",
        Map.of("iso_code", country));
  }

  private static Place lookup(GeoIpDatabase database, String address) throws Exception {
    return database.lookup(InetAddress.getByName(address));
  }

  @Test
  void placesAddressesByTheLongestMatchingNetwork(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("countries.mmdb");
    countries().write(file);
    GeoIpDatabase database = GeoIpDatabase.load(file);

    assertThat(lookup(database, "198.51.100.7")).isEqualTo(new Place("US", "NA"));
    assertThat(lookup(database, "198.51.100.200")).isEqualTo(new Place("CA", "NA"));
    assertThat(lookup(database, "203.0.113.255")).isEqualTo(new Place("DE", "EU"));
    assertThat(lookup(database, "2001:db8:1::9")).isEqualTo(new Place("JP", "AS"));
  }

  @Test
  void fallsBackToTheRegisteredCountryAndAnswersContinentOnlyPlaces(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("countries.mmdb");
    countries().write(file);
    GeoIpDatabase database = GeoIpDatabase.load(file);

    assertThat(lookup(database, "192.0.2.1")).isEqualTo(new Place("NL", null));
    assertThat(lookup(database, "100.64.3.4")).isEqualTo(new Place(null, "OC"));
  }

  @Test
  void addressesOutsideEveryNetworkHaveNoPlace(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("countries.mmdb");
    countries().write(file);
    GeoIpDatabase database = GeoIpDatabase.load(file);

    assertThat(lookup(database, "10.0.0.1")).isNull();
    assertThat(lookup(database, "198.51.101.1")).isNull();
    assertThat(lookup(database, "2001:db9::1")).isNull();
  }

  @Test
  void checkReadsTheDatabaseTypeAndRefusesOtherFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("countries.mmdb");
    countries().write(file);
    assertThat(GeoIpDatabase.check(file)).isEqualTo("GeoLite2-Country");

    Path text = dir.resolve("regions.txt");
    Files.writeString(text, "203.0.113.0/24 us-east\n");
    assertThatThrownBy(() -> GeoIpDatabase.check(text))
        .isInstanceOf(InvalidDatabaseException.class);
    assertThatThrownBy(() -> GeoIpDatabase.load(text)).isInstanceOf(InvalidDatabaseException.class);
    assertThatThrownBy(() -> GeoIpDatabase.check(dir.resolve("missing.mmdb")))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(InvalidDatabaseException.class);
  }

  /** Rebuild the committed file with {@code -Dportico.updateFixtures=true}. */
  @Test
  void theCommittedExampleDatabaseIsTheWritersOutput() throws Exception {
    if (Boolean.getBoolean("portico.updateFixtures")) {
      countries().write(COMMITTED);
    }
    assertThat(Files.readAllBytes(COMMITTED)).isEqualTo(countries().toBytes());
  }
}
