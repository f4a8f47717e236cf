package dev.portico.config.internal;

import dev.portico.config.model.ClientAuthMode;
import dev.portico.config.model.ClientCertificateRequirement;
import dev.portico.config.model.GatewaySettings;
import dev.portico.config.model.Hsts;
import dev.portico.config.model.ListenerTls;
import dev.portico.config.model.Route;
import dev.portico.config.model.TlsCertificate;
import dev.portico.config.routing.HostPattern;
import dev.portico.config.tls.TlsMaterial;
import dev.portico.config.tls.TlsMaterialException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of {@code gateway.listen.tls} and of routes' {@code client-certificate}: the PEM files
 * are read now (missing, not PEM, key not matching, expired), versions and ciphers are the safe
 * ones, server names are unique, and a route that needs a client certificate is on a listener that
 * asks for one.
 */
final class TlsChecks {

  private static final String PATH = "gateway.listen.tls";
  private static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
  private static final Pattern MODERN_CIPHER =
      Pattern.compile(
          "TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256"
              + "|ECDHE_(ECDSA|RSA)_WITH_(AES_128_GCM_SHA256|AES_256_GCM_SHA384"
              + "|CHACHA20_POLY1305_SHA256))");
  private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]{1,255}");
  private static final Duration ONE_YEAR = Duration.ofDays(365);

  private final Diagnostics diagnostics;
  private final Instant now;

  TlsChecks(Diagnostics diagnostics, Instant now) {
    this.diagnostics = diagnostics;
    this.now = now;
  }

  void check(GatewaySettings gateway, List<Route> routes) {
    ListenerTls tls = gateway == null || gateway.listen() == null ? null : gateway.listen().tls();
    if (tls != null) {
      checkListener(tls, gateway);
    }
    for (int i = 0; i < routes.size(); i++) {
      ClientCertificateRequirement required = routes.get(i).clientCertificate();
      if (required != null) {
        checkRequirement(
            YamlPaths.child(YamlPaths.index("routes", i), "client-certificate"), required, tls);
      }
    }
  }

  private void checkListener(ListenerTls tls, GatewaySettings gateway) {
    if (tls.certificates().isEmpty() && !diagnostics.hasErrorsAt(child("certificates"))) {
      diagnostics.error(child("certificates"), "must list at least one certificate");
    }
    Map<String, Integer> names = new HashMap<>();
    int defaults = 0;
    for (int i = 0; i < tls.certificates().size(); i++) {
      TlsCertificate certificate = tls.certificates().get(i);
      String path = YamlPaths.index(child("certificates"), i);
      checkCertificate(path, certificate);
      checkServerNames(path, certificate, i, names);
      if (certificate.isDefault() && ++defaults == 2) {
        diagnostics.error(
            YamlPaths.child(path, "default"), "only one certificate can be the default");
      }
    }
    checkProtocols(tls);
    for (int i = 0; i < tls.ciphers().size(); i++) {
      if (!MODERN_CIPHER.matcher(tls.ciphers().get(i)).matches()) {
        diagnostics.error(
            YamlPaths.index(child("ciphers"), i),
            "'"
                + tls.ciphers().get(i)
                + "' is not a modern cipher suite (expected a TLS 1.3 suite or ECDHE with AES-GCM"
                + " or ChaCha20-Poly1305, e.g. TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)");
      }
    }
    checkClientCa(tls);
    if (tls.reloadInterval() != null
        && tls.reloadInterval().compareTo(Duration.ofMillis(100)) < 0) {
      diagnostics.error(child("reload-interval"), "must be at least 100ms");
    }
    if (tls.hsts() != null) {
      checkHsts(tls.hsts());
    }
    if (tls.httpRedirect() != null && tls.httpRedirect().port() != 0) {
      int port = tls.httpRedirect().port();
      if (port == gateway.listen().port()
          || (gateway.management() != null && port == gateway.management().port())) {
        diagnostics.error(
            YamlPaths.child(child("http-redirect"), "port"),
            "must differ from gateway.listen.port and gateway.management.port");
      }
    }
  }

  private void checkCertificate(String path, TlsCertificate certificate) {
    if (certificate.cert() == null || certificate.key() == null) {
      return;
    }
    try {
      TlsMaterial.certifiedKey(Path.of(certificate.cert()), Path.of(certificate.key()), now);
    } catch (TlsMaterialException e) {
      String key =
          e.getMessage().startsWith("the key") || isAbout(e, certificate.key()) ? "key" : "cert";
      diagnostics.error(YamlPaths.child(path, key), e.getMessage());
    }
  }

  private static boolean isAbout(TlsMaterialException e, String file) {
    return e.getMessage().startsWith(file + " ") || e.getMessage().contains("read " + file + " ");
  }

  private void checkServerNames(
      String path, TlsCertificate certificate, int index, Map<String, Integer> seen) {
    for (int n = 0; n < certificate.serverNames().size(); n++) {
      String name = certificate.serverNames().get(n);
      String namePath = YamlPaths.index(YamlPaths.child(path, "server-names"), n);
      try {
        HostPattern.parse(name);
      } catch (IllegalArgumentException e) {
        diagnostics.error(namePath, e.getMessage());
        continue;
      }
      Integer earlier = seen.putIfAbsent(name.toLowerCase(java.util.Locale.ROOT), index);
      if (earlier != null) {
        diagnostics.error(
            namePath, "'" + name + "' is already served by certificates[" + earlier + "]");
      }
    }
  }

  private void checkProtocols(ListenerTls tls) {
    if (tls.protocols().isEmpty()) {
      diagnostics.error(child("protocols"), "must list TLSv1.3, TLSv1.2 or both");
    }
    for (int i = 0; i < tls.protocols().size(); i++) {
      if (!PROTOCOLS.contains(tls.protocols().get(i))) {
        diagnostics.error(
            YamlPaths.index(child("protocols"), i),
            "'"
                + tls.protocols().get(i)
                + "' is not offered (expected TLSv1.3 or TLSv1.2; older versions are unsafe)");
      }
    }
  }

  private void checkClientCa(ListenerTls tls) {
    if (tls.clientAuth() == null || tls.clientAuth() == ClientAuthMode.NONE) {
      if (tls.clientCa() != null) {
        diagnostics.error(child("client-ca"), "needs client-auth optional or required");
      }
      return;
    }
    if (tls.clientCa() == null) {
      diagnostics.errorAtKey(
          child("client-auth"),
          "client-auth "
              + tls.clientAuth().name().toLowerCase(java.util.Locale.ROOT)
              + " needs client-ca (a PEM file of the CAs client certificates chain to)");
      return;
    }
    try {
      TlsMaterial.certificates(Path.of(tls.clientCa()));
    } catch (TlsMaterialException e) {
      diagnostics.error(child("client-ca"), e.getMessage());
    }
  }

  private void checkHsts(Hsts hsts) {
    String path = child("hsts");
    if (hsts.maxAge() != null && hsts.maxAge().toSeconds() < 1) {
      diagnostics.error(YamlPaths.child(path, "max-age"), "must be at least 1s");
    }
    if (hsts.preload()
        && (!hsts.includeSubdomains()
            || hsts.maxAge() == null
            || hsts.maxAge().compareTo(ONE_YEAR) < 0)) {
      diagnostics.error(
          YamlPaths.child(path, "preload"),
          "needs include-subdomains: true and a max-age of at least 365d (the preload lists'"
              + " rules)");
    }
  }

  private void checkRequirement(
      String path, ClientCertificateRequirement required, ListenerTls tls) {
    if (tls == null || tls.clientAuth() == ClientAuthMode.NONE) {
      diagnostics.errorAtKey(
          path,
          "needs gateway.listen.tls with client-auth optional or required: the listener does not"
              + " ask clients for certificates");
    }
    for (int i = 0; i < required.spiffeIds().size(); i++) {
      String id = required.spiffeIds().get(i);
      if (!id.startsWith("spiffe://") || id.length() == "spiffe://".length()) {
        diagnostics.error(
            YamlPaths.index(YamlPaths.child(path, "spiffe-ids"), i),
            "'" + id + "' is not a SPIFFE ID (expected e.g. spiffe://example.org/billing)");
      }
    }
    for (int i = 0; i < required.trustDomains().size(); i++) {
      String domain = required.trustDomains().get(i);
      if (!TRUST_DOMAIN.matcher(domain).matches()) {
        diagnostics.error(
            YamlPaths.index(YamlPaths.child(path, "trust-domains"), i),
            "'"
                + domain
                + "' is not a trust domain (expected e.g. example.org, without"
                + " spiffe://)");
      }
    }
  }

  private static String child(String key) {
    return YamlPaths.child(PATH, key);
  }
}
