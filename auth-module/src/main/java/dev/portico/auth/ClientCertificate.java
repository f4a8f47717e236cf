package dev.portico.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * The identity in a verified TLS client certificate, as routes and CEL conditions read it: subject
 * and issuer DNs (RFC 2253), DNS and URI subject alternative names, the SPIFFE ID (the one {@code
 * spiffe://} URI SAN, else ""), SHA-256 fingerprint and serial (lower-case hex), and expiry.
 * Immutable; built once per request from the TLS session.
 */
public record ClientCertificate(
    String subject,
    String issuer,
    List<String> dnsNames,
    List<String> uris,
    String spiffeId,
    String fingerprint,
    String serial,
    Instant notAfter) {

  private static final int DNS_NAME = 2;
  private static final int URI = 6;

  public ClientCertificate {
    dnsNames = List.copyOf(dnsNames);
    uris = List.copyOf(uris);
  }

  /** Reads the identity of {@code certificate}. */
  public static ClientCertificate of(X509Certificate certificate) {
    List<String> dns = new ArrayList<>();
    List<String> uris = new ArrayList<>();
    for (List<?> name : alternativeNames(certificate)) {
      if (name.size() >= 2 && name.get(1) instanceof String value) {
        int type = (Integer) name.get(0);
        if (type == DNS_NAME) {
          dns.add(value);
        } else if (type == URI) {
          uris.add(value);
        }
      }
    }
    List<String> spiffe = uris.stream().filter(u -> u.startsWith("spiffe://")).toList();
    return new ClientCertificate(
        certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
        certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
        dns,
        uris,
        // An SVID has exactly one SPIFFE ID; a certificate with several names none.
        spiffe.size() == 1 ? spiffe.get(0) : "",
        fingerprint(certificate),
        certificate.getSerialNumber().toString(16),
        certificate.getNotAfter().toInstant());
  }

  /** The SPIFFE trust domain (the ID's authority), or "" without a SPIFFE ID. */
  public String trustDomain() {
    if (spiffeId.isEmpty()) {
      return "";
    }
    String rest = spiffeId.substring("spiffe://".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private static Collection<List<?>> alternativeNames(X509Certificate certificate) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      return names == null ? List.of() : names;
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  private static String fingerprint(X509Certificate certificate) {
    try {
      byte[] der = certificate.getEncoded();
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (CertificateEncodingException e) {
      // The TLS stack parsed it from DER, so this does not happen; no fingerprint matches "".
      return "";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
