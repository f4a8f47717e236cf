package dev.portico.testing.tls;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a leaf certificate issued by {@link TestCa} says: its subject, its names and what it may be
 * used for. Immutable; every {@code with…} method returns a changed copy.
 */
public record CertificateSpec(
    String commonName,
    List<String> dnsNames,
    List<String> uris,
    List<String> ipAddresses,
    Instant notBefore,
    Instant notAfter,
    boolean serverAuth,
    boolean clientAuth) {

  public CertificateSpec {
    dnsNames = List.copyOf(dnsNames);
    uris = List.copyOf(uris);
    ipAddresses = List.copyOf(ipAddresses);
  }

  /** A certificate for {@code commonName}, valid from an hour ago for a year, for both uses. */
  public static CertificateSpec of(String commonName) {
    Instant now = Instant.now();
    return new CertificateSpec(
        commonName,
        List.of(),
        List.of(),
        List.of(),
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(365)),
        true,
        true);
  }

  public CertificateSpec withDnsNames(String... names) {
    return new CertificateSpec(
        commonName,
        append(dnsNames, names),
        uris,
        ipAddresses,
        notBefore,
        notAfter,
        serverAuth,
        clientAuth);
  }

  /** Adds URI subject alternative names, e.g. a SPIFFE ID. */
  public CertificateSpec withUris(String... values) {
    return new CertificateSpec(
        commonName,
        dnsNames,
        append(uris, values),
        ipAddresses,
        notBefore,
        notAfter,
        serverAuth,
        clientAuth);
  }

  public CertificateSpec withIpAddresses(String... addresses) {
    return new CertificateSpec(
        commonName,
        dnsNames,
        uris,
        append(ipAddresses, addresses),
        notBefore,
        notAfter,
        serverAuth,
        clientAuth);
  }

  public CertificateSpec withValidity(Instant from, Instant until) {
    return new CertificateSpec(
        commonName, dnsNames, uris, ipAddresses, from, until, serverAuth, clientAuth);
  }

  /** Restricts the extended key usage: server authentication only, client only, or both. */
  public CertificateSpec withUsage(boolean server, boolean client) {
    return new CertificateSpec(
        commonName, dnsNames, uris, ipAddresses, notBefore, notAfter, server, client);
  }

  private static List<String> append(List<String> list, String... more) {
    List<String> all = new ArrayList<>(list);
    all.addAll(List.of(more));
    return all;
  }
}
