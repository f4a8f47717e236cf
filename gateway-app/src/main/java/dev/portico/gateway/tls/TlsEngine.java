package dev.portico.gateway.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * The TLS implementation behind the listener and mesh mTLS: BoringSSL through netty-tcnative when
 * its native library loads (Linux and macOS on x86-64 and aarch64, Windows x86-64), else the JDK's
 * engine. Both get the same protocols, ciphers, certificates and trust managers; BoringSSL does the
 * record encryption several times faster per core. Stateless.
 */
public final class TlsEngine {

  private TlsEngine() {}

  /** The provider to build every TLS context with. */
  public static SslProvider provider() {
    return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  /** A name for logs and the admin console: "BoringSSL 1.1.1 (compatible)" or "JDK". */
  public static String describe() {
    return OpenSsl.isAvailable() ? OpenSsl.versionString() : "JDK";
  }
}
