package dev.portico.gateway.mesh;

import dev.portico.config.mesh.SvidFiles;
import dev.portico.config.model.SpiffeId;
import dev.portico.config.model.UpstreamMtls;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Verifies an upstream's X.509-SVID: the chain must lead to the trust bundle (PKIX, as usual), and
 * the leaf's SPIFFE ID must be one the rule accepts. Host names are not verified — SVIDs carry no
 * DNS names; the SPIFFE ID takes their place. Client-side only. Immutable and thread-safe.
 */
final class SpiffeTrustManager extends X509ExtendedTrustManager {

  private final X509TrustManager chains;
  private final UpstreamMtls rule;

  private SpiffeTrustManager(X509TrustManager chains, UpstreamMtls rule) {
    this.chains = chains;
    this.rule = rule;
  }

  static SpiffeTrustManager of(List<X509Certificate> bundle, UpstreamMtls rule)
      throws GeneralSecurityException {
    KeyStore anchors = KeyStore.getInstance("PKCS12");
    try {
      anchors.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    for (int i = 0; i < bundle.size(); i++) {
      anchors.setCertificateEntry("bundle-" + i, bundle.get(i));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(anchors);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return new SpiffeTrustManager(x509, rule);
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager for the trust bundle");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    chains.checkServerTrusted(chain, authType);
    SpiffeId id = SvidFiles.spiffeIdOf(chain[0]);
    if (id == null) {
      throw new SpiffeIdMismatchException("the upstream's certificate has no SPIFFE ID");
    }
    if (!rule.accepts(id)) {
      throw new SpiffeIdMismatchException(
          "the upstream presented "
              + id
              + ", expected "
              + (rule.trustDomain() != null
                  ? "an ID in trust domain " + rule.trustDomain()
                  : "one of " + rule.spiffeIds()));
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("Portico's mesh trust manager verifies upstreams only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return chains.getAcceptedIssuers();
  }
}
