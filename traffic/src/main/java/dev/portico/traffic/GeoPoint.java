package dev.portico.traffic;

/**
 * A place on Earth in decimal degrees, for ordering failover regions by distance. Immutable.
 *
 * @param latitude -90 to 90
 * @param longitude -180 to 180
 */
public record GeoPoint(double latitude, double longitude) {

  private static final double EARTH_RADIUS_KM = 6371.0088;

  /**
   * @throws IllegalArgumentException if a coordinate is out of range
   */
  public GeoPoint {
    if (!(latitude >= -90 && latitude <= 90)) {
      throw new IllegalArgumentException("latitude " + latitude + " is not in -90..90");
    }
    if (!(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("longitude " + longitude + " is not in -180..180");
    }
  }

  /** Great-circle distance in kilometres (haversine, mean Earth radius). */
  public double distanceKm(GeoPoint other) {
    double lat1 = Math.toRadians(latitude);
    double lat2 = Math.toRadians(other.latitude);
    double dLat = lat2 - lat1;
    double dLon = Math.toRadians(other.longitude - longitude);
    double a =
        Math.pow(Math.sin(dLat / 2), 2)
            + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }
}
