package dev.portico.config.internal;

import com.maxmind.db.InvalidDatabaseException;
import dev.portico.config.model.ByteSize;
import dev.portico.config.model.CidrRegionTable;
import dev.portico.config.model.ClientLocality;
import dev.portico.config.model.Durations;
import dev.portico.config.model.GatewaySettings;
import dev.portico.config.model.GeoIpDatabase;
import dev.portico.config.model.ListenerLimits;
import dev.portico.config.model.RegionCoordinates;
import dev.portico.config.model.UpstreamPool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code gateway} section's own checks for {@link ConfigValidator}: ports, listener limits,
 * request id, client locality and its GeoIP database, access log, region coordinates, tracing, the
 * upstream connection pool and route defaults.
 */
final class GatewayChecks {

  private final Diagnostics diagnostics;
  private final ConfigValidator shared;

  GatewayChecks(Diagnostics diagnostics, ConfigValidator shared) {
    this.diagnostics = diagnostics;
    this.shared = shared;
  }

  void check(GatewaySettings gateway) {
    if (gateway.listen() != null && gateway.management() != null) {
      checkPorts(gateway.listen().port(), gateway.management().port());
    }
    if (gateway.listen() != null && gateway.listen().limits() != null) {
      checkListenerLimits(gateway.listen().limits());
    }
    if (gateway.requestId() != null) {
      shared.checkHeaderName("gateway.request-id.header", gateway.requestId().header());
    }
    if (gateway.clientLocality() != null) {
      checkClientLocality(gateway);
    }
    new AccessLogChecks(diagnostics).check(gateway.accessLog());
    gateway
        .regionCoordinates()
        .forEach(
            (region, text) -> {
              String problem = RegionCoordinates.problem(text);
              if (problem != null) {
                diagnostics.error(YamlPaths.child("gateway.region-coordinates", region), problem);
              }
            });
    if (gateway.tracing() != null) {
      new TracingChecks(diagnostics).check(gateway.tracing());
    }
    if (gateway.upstreamPool() != null) {
      checkPool(gateway.upstreamPool());
    }
    if (gateway.defaults() != null) {
      shared.positive("gateway.defaults.timeout", gateway.defaults().timeout());
      if (gateway.defaults().maxBodySize() != null
          && gateway.defaults().maxBodySize().bytes() == 0) {
        diagnostics.error("gateway.defaults.max-body-size", "must be greater than 0");
      }
    }
  }

  private static final List<String> CONTINENT_CODES =
      List.of("AF", "AN", "AS", "EU", "NA", "OC", "SA");

  private void checkClientLocality(GatewaySettings gateway) {
    ClientLocality client = gateway.clientLocality();
    String path = "gateway.client-locality";
    if (client.header() == null && client.cidrFile() == null && client.geoipDatabase() == null) {
      diagnostics.errorAtKey(path, "needs header, cidr-file or geoip-database (or several)");
    }
    if (client.geoipDatabase() != null) {
      checkGeoIpDatabase(path, client);
    } else if (!client.continents().isEmpty()) {
      diagnostics.errorAtKey(
          YamlPaths.child(path, "continents"),
          "needs geoip-database: continents map the database's continent codes");
    }
    if (client.cidrFile() != null) {
      try {
        CidrRegionTable.load(Path.of(client.cidrFile()));
      } catch (IOException e) {
        diagnostics.error(
            YamlPaths.child(path, "cidr-file"),
            "cannot read " + client.cidrFile() + " (" + e.getClass().getSimpleName() + ")");
      } catch (IllegalArgumentException e) {
        diagnostics.error(
            YamlPaths.child(path, "cidr-file"), client.cidrFile() + " " + e.getMessage());
      }
    }
    if (client.header() != null) {
      shared.checkHeaderName(YamlPaths.child(path, "header"), client.header());
      if (gateway.trustedProxies().isEmpty()) {
        diagnostics.errorAtKey(
            "gateway.client-locality",
            "needs gateway.trusted-proxies: the header is believed only from them");
      }
    }
  }

  private void checkGeoIpDatabase(String path, ClientLocality client) {
    String key = YamlPaths.child(path, "geoip-database");
    try {
      GeoIpDatabase.check(Path.of(client.geoipDatabase()));
    } catch (InvalidDatabaseException e) {
      diagnostics.error(
          key,
          client.geoipDatabase()
              + " is not a MaxMind DB file (expected a GeoIP2 or GeoLite2 .mmdb database)");
    } catch (IOException e) {
      diagnostics.error(
          key, "cannot read " + client.geoipDatabase() + " (" + e.getClass().getSimpleName() + ")");
    }
    if (client.regions().isEmpty() && client.continents().isEmpty()) {
      diagnostics.errorAtKey(
          key,
          "needs regions or continents: they map the database's country and continent codes to"
              + " region names");
    }
    for (var entry : client.continents().entrySet()) {
      if (!CONTINENT_CODES.contains(entry.getKey())) {
        diagnostics.errorAtKey(
            YamlPaths.child(YamlPaths.child(path, "continents"), entry.getKey()),
            "'" + entry.getKey() + "' is not a continent code; expected one of " + CONTINENT_CODES);
      }
    }
  }

  /** Reported at the port the file wrote, so a clash with a default points at the right line. */
  private void checkPorts(int listen, int management) {
    if (listen == 0 || listen != management) {
      return;
    }
    if (diagnostics.sourceMap().isWritten("gateway.management.port")) {
      diagnostics.error(
          "gateway.management.port",
          "must differ from gateway.listen.port ("
              + listen
              + "): metrics and admin stay off the public listener");
    } else {
      diagnostics.error(
          "gateway.listen.port",
          "must differ from gateway.management.port ("
              + management
              + " by default): metrics and admin stay off the public listener");
    }
  }

  private void checkListenerLimits(ListenerLimits limits) {
    String path = "gateway.listen.limits";
    sizeBetween(YamlPaths.child(path, "max-request-line"), limits.maxRequestLine(), 256, 1 << 20);
    sizeBetween(YamlPaths.child(path, "max-header-size"), limits.maxHeaderSize(), 1024, 1 << 20);
    shared.positive(YamlPaths.child(path, "headers-timeout"), limits.headersTimeout());
    shared.positive(YamlPaths.child(path, "body-read-timeout"), limits.bodyReadTimeout());
    shared.positive(YamlPaths.child(path, "idle-timeout"), limits.idleTimeout());
  }

  private void sizeBetween(String path, ByteSize size, long min, long max) {
    if (size != null && (size.bytes() < min || size.bytes() > max)) {
      diagnostics.error(
          path,
          size
              + " is out of range (expected "
              + ByteSize.ofBytes(min)
              + " to "
              + ByteSize.ofBytes(max)
              + ")");
    }
  }

  private void checkPool(UpstreamPool pool) {
    String path = "gateway.upstream-pool";
    shared.positive(YamlPaths.child(path, "max-idle-time"), pool.maxIdleTime());
    shared.positive(YamlPaths.child(path, "max-life-time"), pool.maxLifeTime());
    shared.positive(YamlPaths.child(path, "pending-acquire-timeout"), pool.pendingAcquireTimeout());
    shared.positive(YamlPaths.child(path, "connect-timeout"), pool.connectTimeout());
    if (pool.maxIdleTime() == null
        || pool.maxLifeTime() == null
        || pool.maxLifeTime().isZero()
        || pool.maxIdleTime().compareTo(pool.maxLifeTime()) <= 0) {
      return;
    }
    String idle = Durations.format(pool.maxIdleTime());
    String life = Durations.format(pool.maxLifeTime());
    if (diagnostics.sourceMap().isWritten(YamlPaths.child(path, "max-idle-time"))) {
      diagnostics.error(
          YamlPaths.child(path, "max-idle-time"),
          idle
              + " is longer than max-life-time ("
              + life
              + "); a connection is retired at max-life-time anyway");
    } else {
      diagnostics.error(
          YamlPaths.child(path, "max-life-time"),
          life
              + " is shorter than max-idle-time ("
              + idle
              + " by default); set max-idle-time below it too");
    }
  }
}
