package dev.portico.config.model;

import com.maxmind.db.CHMCache;
import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;

/**
 * A MaxMind DB file (GeoIP2 or GeoLite2 Country or City, or any database with the same {@code
 * country} and {@code continent} records) answering which country and continent an address is in.
 * The whole file is read into memory at load, so replacing it on disk affects only the next load.
 * Lookups are thread-safe and cache decoded records.
 */
public final class GeoIpDatabase {

  /** Where an address is: ISO 3166-1 country code and continent code, either may be null. */
  public record Place(String country, String continent) {}

  private final Reader reader;

  private GeoIpDatabase(Reader reader) {
    this.reader = reader;
  }

  /**
   * Reads {@code file} into memory.
   *
   * @throws IOException when it cannot be read or is not a MaxMind DB file (the message says which)
   */
  public static GeoIpDatabase load(Path file) throws IOException {
    return new GeoIpDatabase(new Reader(file.toFile(), Reader.FileMode.MEMORY, new CHMCache()));
  }

  /**
   * Checks that {@code file} is a MaxMind DB file by reading its metadata, without reading the rest
   * into memory.
   *
   * @return the database type from its metadata, e.g. "GeoLite2-Country"
   * @throws IOException when it cannot be read or is not a MaxMind DB file
   */
  public static String check(Path file) throws IOException {
    try (Reader reader = new Reader(file.toFile(), Reader.FileMode.MEMORY_MAPPED)) {
      return reader.getMetadata().getDatabaseType();
    }
  }

  /**
   * The place of {@code address}, or null when the database has nothing for it (or cannot answer
   * for its address family). The country is the one the address is used in, or else the one it is
   * registered to.
   */
  public Place lookup(InetAddress address) {
    Location location;
    try {
      location = reader.get(address, Location.class);
    } catch (IOException | RuntimeException e) {
      // An IPv6 address in an IPv4-only database, or a damaged record: no place.
      return null;
    }
    if (location == null) {
      return null;
    }
    String country = Location.isoCode(location.country);
    if (country == null) {
      country = Location.isoCode(location.registeredCountry);
    }
    String continent = location.continent == null ? null : location.continent.code;
    return country == null && continent == null ? null : new Place(country, continent);
  }

  /** The parts of a GeoIP2 record Portico reads; the reader skips the rest. */
  public static final class Location {
    final Country country;
    final Country registeredCountry;
    final Continent continent;

    /** Called by the MaxMind reader. */
    @MaxMindDbConstructor
    public Location(
        @MaxMindDbParameter(name = "country") Country country,
        @MaxMindDbParameter(name = "registered_country") Country registeredCountry,
        @MaxMindDbParameter(name = "continent") Continent continent) {
      this.country = country;
      this.registeredCountry = registeredCountry;
      this.continent = continent;
    }

    private static String isoCode(Country country) {
      return country == null ? null : country.isoCode;
    }
  }

  /** A GeoIP2 country record. */
  public static final class Country {
    final String isoCode;

    /** Called by the MaxMind reader. */
    @MaxMindDbConstructor
    public Country(@MaxMindDbParameter(name = "iso_code") String isoCode) {
      this.isoCode = isoCode;
    }
  }

  /** A GeoIP2 continent record. */
  public static final class Continent {
    final String code;

    /** Called by the MaxMind reader. */
    @MaxMindDbConstructor
    public Continent(@MaxMindDbParameter(name = "code") String code) {
      this.code = code;
    }
  }
}
