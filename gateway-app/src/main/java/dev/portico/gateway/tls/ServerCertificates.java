package dev.portico.gateway.tls;

import dev.portico.config.model.ClientAuthMode;
import dev.portico.config.model.ListenerTls;
import dev.portico.config.model.TlsCertificate;
import dev.portico.config.tls.CertifiedKey;
import dev.portico.config.tls.TlsMaterial;
import dev.portico.config.tls.TlsMaterialException;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * One generation of the listener's certificates, read from their files: a TLS context per
 * certificate, indexed by server name (exact names first, then one-label wildcards), and the
 * default one. Immutable and thread-safe; built off the event loop (it reads files).
 */
final class ServerCertificates {

  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private final Map<String, reactor.netty.tcp.SslProvider> exact;
  private final Map<String, reactor.netty.tcp.SslProvider> wildcards;
  private final reactor.netty.tcp.SslProvider fallback;
  private final Map<String, Instant> expiries;
  private final Map<reactor.netty.tcp.SslProvider, X509Certificate> leaves;

  private ServerCertificates(
      Map<String, reactor.netty.tcp.SslProvider> exact,
      Map<String, reactor.netty.tcp.SslProvider> wildcards,
      reactor.netty.tcp.SslProvider fallback,
      Map<String, Instant> expiries,
      Map<reactor.netty.tcp.SslProvider, X509Certificate> leaves) {
    this.exact = exact;
    this.wildcards = wildcards;
    this.fallback = fallback;
    this.expiries = expiries;
    this.leaves = leaves;
  }

  /**
   * Reads every certificate, key and the client CA file, and builds their TLS contexts.
   *
   * @throws TlsMaterialException when any file cannot be used; nothing is built then
   */
  static ServerCertificates load(ListenerTls tls, boolean http2, Instant now)
      throws TlsMaterialException {
    List<X509Certificate> trusted =
        tls.clientAuth() == ClientAuthMode.NONE
            ? List.of()
            : TlsMaterial.certificates(Path.of(tls.clientCa()));
    Map<String, reactor.netty.tcp.SslProvider> exact = new HashMap<>();
    Map<String, reactor.netty.tcp.SslProvider> wildcards = new HashMap<>();
    Map<String, Instant> expiries = new LinkedHashMap<>();
    Map<reactor.netty.tcp.SslProvider, X509Certificate> leaves = new IdentityHashMap<>();
    reactor.netty.tcp.SslProvider fallback = null;
    TlsCertificate defaultCertificate = tls.defaultCertificate();
    for (int i = 0; i < tls.certificates().size(); i++) {
      TlsCertificate certificate = tls.certificates().get(i);
      CertifiedKey material =
          TlsMaterial.certifiedKey(Path.of(certificate.cert()), Path.of(certificate.key()), now);
      reactor.netty.tcp.SslProvider provider =
          reactor.netty.tcp.SslProvider.builder()
              .sslContext(context(tls, http2, material, trusted, certificate.cert()))
              .handshakeTimeout(HANDSHAKE_TIMEOUT)
              .build();
      for (String name : certificate.serverNames()) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("*.")) {
          wildcards.put(lower.substring(2), provider);
        } else {
          exact.put(lower, provider);
        }
      }
      if (certificate == defaultCertificate) {
        fallback = provider;
      }
      expiries.put(name(certificate, i), material.leaf().getNotAfter().toInstant());
      leaves.put(provider, material.leaf());
    }
    return new ServerCertificates(
        Map.copyOf(exact), Map.copyOf(wildcards), fallback, expiries, leaves);
  }

  /** The metric name of a certificate: its name, its first server name, or certificate-N. */
  static String name(TlsCertificate certificate, int index) {
    if (certificate.name() != null) {
      return certificate.name();
    }
    return certificate.serverNames().isEmpty()
        ? "certificate-" + index
        : certificate.serverNames().get(0);
  }

  /** The provider for a client's SNI name; the default one for null or an unknown name. */
  reactor.netty.tcp.SslProvider select(String serverName) {
    if (serverName == null) {
      return fallback;
    }
    String name = serverName.toLowerCase(Locale.ROOT);
    reactor.netty.tcp.SslProvider match = exact.get(name);
    if (match == null) {
      int dot = name.indexOf('.');
      match = dot < 0 ? null : wildcards.get(name.substring(dot + 1));
    }
    return match != null ? match : fallback;
  }

  /** The certificate a handshake for {@code serverName} presents (null: no SNI). */
  X509Certificate certificate(String serverName) {
    return leaves.get(select(serverName));
  }

  /** The default certificate's context, for the listener's initial configuration. */
  SslContext defaultContext() {
    return fallback.getSslContext();
  }

  /** Certificate name to when its leaf expires, in configuration order. */
  Map<String, Instant> expiries() {
    return expiries;
  }

  private static SslContext context(
      ListenerTls tls,
      boolean http2,
      CertifiedKey material,
      List<X509Certificate> trusted,
      String file)
      throws TlsMaterialException {
    List<String> alpn =
        http2
            ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
            : List.of(ApplicationProtocolNames.HTTP_1_1);
    SslContextBuilder builder =
        SslContextBuilder.forServer(
                material.key(), material.chain().toArray(X509Certificate[]::new))
            .sslProvider(TlsEngine.provider())
            .protocols(tls.protocols())
            .ciphers(new ArrayList<>(tls.ciphers()))
            .applicationProtocolConfig(
                new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    alpn));
    if (tls.clientAuth() != ClientAuthMode.NONE) {
      builder
          .trustManager(trusted.toArray(X509Certificate[]::new))
          .clientAuth(
              tls.clientAuth() == ClientAuthMode.REQUIRED
                  ? ClientAuth.REQUIRE
                  : ClientAuth.OPTIONAL);
    }
    try {
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new TlsMaterialException(
          "cannot build a TLS context from " + file + ": " + e.getMessage(), e);
    }
  }
}
