package dev.portico.auth.token.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The meters of one issuer, all tagged {@code issuer=<name>}:
 *
 * <ul>
 *   <li>{@code portico.auth.jwks.fetches} (counter, tag {@code result=success|failure}): fetches of
 *       discovery document plus key set;
 *   <li>{@code portico.auth.jwks.age} (gauge, seconds): age of the keys in use, NaN before the
 *       first successful fetch;
 *   <li>{@code portico.auth.jwks.stale.uses} (counter): tokens verified with stale keys (see {@link
 *       JwksCache#stale});
 *   <li>{@code portico.auth.jwks.refetch.refused} (counter): unknown-{@code kid} refetches refused
 *       by the cool-down;
 *   <li>{@code portico.auth.introspection.requests} (counter, tag {@code
 *       result=active|inactive|error}): calls to the introspection endpoint.
 * </ul>
 *
 * {@link #close} removes them from the registry. Thread-safe.
 */
final class IssuerMetrics implements AutoCloseable {

  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final Counter fetchSuccess;
  private final Counter fetchFailure;
  private final Counter staleUses;
  private final Counter refetchRefused;
  private final Counter introspectionActive;
  private final Counter introspectionInactive;
  private final Counter introspectionError;

  IssuerMetrics(MeterRegistry registry, String issuer, DoubleSupplier keyAgeSeconds) {
    this.registry = registry;
    fetchSuccess = counter("portico.auth.jwks.fetches", issuer, "result", "success");
    fetchFailure = counter("portico.auth.jwks.fetches", issuer, "result", "failure");
    staleUses = counter("portico.auth.jwks.stale.uses", issuer);
    refetchRefused = counter("portico.auth.jwks.refetch.refused", issuer);
    introspectionActive =
        counter("portico.auth.introspection.requests", issuer, "result", "active");
    introspectionInactive =
        counter("portico.auth.introspection.requests", issuer, "result", "inactive");
    introspectionError = counter("portico.auth.introspection.requests", issuer, "result", "error");
    meters.add(
        Gauge.builder("portico.auth.jwks.age", keyAgeSeconds, DoubleSupplier::getAsDouble)
            .description("Age of the signing keys in use")
            .baseUnit("seconds")
            .tag("issuer", issuer)
            .strongReference(true)
            .register(registry));
  }

  private Counter counter(String name, String issuer, String... tags) {
    Counter counter = Counter.builder(name).tag("issuer", issuer).tags(tags).register(registry);
    meters.add(counter);
    return counter;
  }

  void fetched(boolean success) {
    (success ? fetchSuccess : fetchFailure).increment();
  }

  void staleKeyUsed() {
    staleUses.increment();
  }

  void refetchRefused() {
    refetchRefused.increment();
  }

  void introspected(String result) {
    switch (result) {
      case "active" -> introspectionActive.increment();
      case "inactive" -> introspectionInactive.increment();
      default -> introspectionError.increment();
    }
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
  }
}
