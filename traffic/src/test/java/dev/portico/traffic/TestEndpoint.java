package dev.portico.traffic;

/**
 * An endpoint for tests: a stable id, a weight, a locality and an address that must stay secret.
 */
record TestEndpoint(String id, int weight, String region, String zone, String address) {

  static TestEndpoint of(String id, int weight) {
    return new TestEndpoint(id, weight, null, null, "10.0.0." + Math.abs(id.hashCode() % 250));
  }

  static TestEndpoint at(String id, String region, String zone) {
    return new TestEndpoint(id, 1, region, zone, "10.1.0." + Math.abs(id.hashCode() % 250));
  }
}
