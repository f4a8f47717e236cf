package dev.portico.config.model;

/**
 * A region's position written as {@code "latitude,longitude"} in degrees, e.g. {@code
 * "53.35,-6.26"}.
 *
 * @param latitude -90..90
 * @param longitude -180..180
 */
public record RegionCoordinates(double latitude, double longitude) {

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming what was expected
   */
  public static RegionCoordinates parse(String text) {
    String problem = problem(text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    String[] parts = text.split(",");
    return new RegionCoordinates(
        Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
  }

  /** What is wrong with {@code text}, or null when it is valid. */
  public static String problem(String text) {
    String expected = " (expected \"latitude,longitude\" in degrees, e.g. \"53.35,-6.26\")";
    if (text == null) {
      return "missing" + expected;
    }
    String[] parts = text.split(",");
    if (parts.length != 2) {
      return "'" + text + "' is not a position" + expected;
    }
    try {
      double latitude = Double.parseDouble(parts[0].strip());
      double longitude = Double.parseDouble(parts[1].strip());
      if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
        return "'" + text + "' is out of range (latitude -90..90, longitude -180..180)";
      }
      return null;
    } catch (NumberFormatException e) {
      return "'" + text + "' is not a position" + expected;
    }
  }
}
