package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Required;
import java.time.Duration;
import java.util.List;

/**
 * TLS on the public listener. The certificate and trust files are read when the configuration loads
 * and again whenever they change on disk; the other keys need a restart.
 */
@Doc(
    "TLS on the public listener. Certificate, key and client-ca files are re-read when they change"
        + " (no restart); the other keys need a restart. See docs/tls.md.")
public record ListenerTls(
    @Doc(
            "Certificates served by the listener, picked by the name the client asks for (SNI)."
                + " The one marked default (else the first) serves clients without SNI or with an"
                + " unknown name.")
        @Required
        List<TlsCertificate> certificates,
    @Doc("TLS versions offered: TLSv1.3 and/or TLSv1.2 (older ones are refused).")
        @Default("[\"TLSv1.3\", \"TLSv1.2\"]")
        List<String> protocols,
    @Doc(
            "Cipher suites in order of preference: TLS 1.3 suites and, for TLS 1.2, only ECDHE with"
                + " AES-GCM or ChaCha20-Poly1305. The default is that modern list.")
        List<String> ciphers,
    @Doc(
            "Client certificates: none (not asked for), optional (asked for; routes may require"
                + " one) or required (the handshake fails without a valid one).")
        @Default("none")
        ClientAuthMode clientAuth,
    @Doc(
            "PEM file of the CA certificates that client certificates must chain to. Required"
                + " unless client-auth is none; re-read when it changes.")
        String clientCa,
    @Doc("How often the certificate, key and client-ca files are checked for changes.")
        @Default("5s")
        Duration reloadInterval,
    @Doc(
            "Sends the verified client certificate's identity upstream in X-Forwarded-Client-Cert"
                + " (Envoy's format: Hash, Subject, URI, DNS). A client-sent header of that name is"
                + " always removed.")
        @Default("false")
        boolean forwardClientCert,
    @Doc("Strict-Transport-Security on every response. Not sent when left out.") Hsts hsts,
    @Doc(
            "A plain-HTTP port that answers every request with 308 to the same host, path and"
                + " query on https. Off when left out.")
        HttpRedirect httpRedirect) {

  /** The TLS 1.3 suites and the TLS 1.2 ECDHE + AEAD suites offered when ciphers is left out. */
  public static final List<String> MODERN_CIPHERS =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  public ListenerTls {
    certificates = Models.list(certificates);
    protocols = Models.list(protocols);
    ciphers = ciphers == null || ciphers.isEmpty() ? MODERN_CIPHERS : List.copyOf(ciphers);
  }

  /** The certificate served without SNI or for unknown names. */
  public TlsCertificate defaultCertificate() {
    return certificates.stream()
        .filter(TlsCertificate::isDefault)
        .findFirst()
        .orElse(certificates.isEmpty() ? null : certificates.get(0));
  }
}
