package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;
import dev.portico.config.schema.Required;
import java.time.Duration;
import java.util.List;

/** Endpoints found in DNS instead of listed. */
@Doc(
    "Endpoints from DNS: A/AAAA or SRV records, refreshed as their TTL runs out; the last good"
        + " answer stays while DNS fails. See docs/dns-discovery.md.")
public record DnsDiscovery(
    @Doc("The name to resolve, e.g. orders.default.svc.cluster.local or _http._tcp.orders.")
        @Required
        String name,
    @Doc("a, aaaa, a-and-aaaa or srv.") @Default("a") DnsRecordType type,
    @Doc("Port of the endpoints (a/aaaa; SRV records carry their own).")
        @Range(min = 1, max = 65535)
        Integer port,
    @Doc("http or https.") @Default("http") String scheme,
    @Doc("Shortest time between refreshes (a shorter TTL is stretched to it).") @Default("5s")
        Duration minRefresh,
    @Doc("Longest time between refreshes (a longer TTL is cut to it).") @Default("300s")
        Duration maxRefresh,
    @Doc("Name servers as ip or ip:port; the system's (resolv.conf) when left out.")
        List<String> nameServers,
    @Doc("Region of every discovered endpoint, for locality.") String region,
    @Doc("Zone of every discovered endpoint, for locality.") String zone) {

  public DnsDiscovery {
    nameServers = Models.list(nameServers);
  }
}
