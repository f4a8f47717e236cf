package dev.portico.gateway.tls;

import dev.portico.config.model.ListenerTls;
import dev.portico.config.model.TlsCertificate;
import dev.portico.config.tls.TlsMaterialException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.tcp.SslProvider;

/**
 * The listener's certificates, kept in step with their files. A thread of its own checks the
 * certificate, key and client-CA files every reload interval; when their content changed it builds
 * a complete new {@link ServerCertificates} and swaps it in, so new handshakes use the new
 * certificates while open connections keep theirs. A change that cannot be used (missing file, not
 * PEM, key not matching, expired) is logged and counted, and the running certificates stay until
 * the files change again.
 *
 * <p>As the SNI mapping of the listener it answers on the event loop from the current generation,
 * without blocking. Thread-safe.
 */
public final class ListenerCertificates
    implements AsyncMapping<String, SslProvider>, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ListenerCertificates.class);

  private final ListenerTls tls;
  private final boolean http2;
  private final Clock clock;
  private final AtomicReference<ServerCertificates> current;
  private final Counter reloaded;
  private final Counter failed;
  private final ScheduledExecutorService watcher;
  private byte[] lastSeen;

  /**
   * Reads the certificates now and starts watching their files.
   *
   * @throws IllegalStateException when the files cannot be used (the loader checked them moments
   *     before, so only a change in between gets here)
   */
  public ListenerCertificates(ListenerTls tls, Clock clock, MeterRegistry meters) {
    this(tls, true, clock, meters);
  }

  /**
   * Like {@link #ListenerCertificates(ListenerTls, Clock, MeterRegistry)}; {@code http2} says
   * whether ALPN offers h2 next to http/1.1 (gateway.listen.http2).
   */
  public ListenerCertificates(ListenerTls tls, boolean http2, Clock clock, MeterRegistry meters) {
    this.tls = tls;
    this.http2 = http2;
    this.clock = clock;
    this.lastSeen = digest(files(tls));
    try {
      this.current = new AtomicReference<>(ServerCertificates.load(tls, http2, clock.instant()));
      log.info("TLS on the listener with {}", TlsEngine.describe());
    } catch (TlsMaterialException e) {
      throw new IllegalStateException("gateway.listen.tls: " + e.getMessage(), e);
    }
    this.reloaded = reloads(meters, "success");
    this.failed = reloads(meters, "failure");
    for (int i = 0; i < tls.certificates().size(); i++) {
      String name = ServerCertificates.name(tls.certificates().get(i), i);
      Gauge.builder("portico.tls.certificate.expiry", this, c -> c.secondsLeft(name))
          .description("Seconds until the listener certificate expires (negative once expired)")
          .baseUnit("seconds")
          .tag("name", name)
          .register(meters);
    }
    this.watcher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "portico-tls-reload");
              thread.setDaemon(true);
              return thread;
            });
    long interval = tls.reloadInterval().toMillis();
    watcher.scheduleWithFixedDelay(this::checkFiles, interval, interval, TimeUnit.MILLISECONDS);
  }

  private static Counter reloads(MeterRegistry meters, String result) {
    return Counter.builder("portico.tls.certificate.reloads")
        .description("Re-reads of changed listener certificate files, by result")
        .tag("result", result)
        .register(meters);
  }

  @Override
  public Future<SslProvider> map(String serverName, Promise<SslProvider> promise) {
    return promise.setSuccess(current.get().select(serverName));
  }

  /** The certificate a handshake for {@code serverName} presents now (null: no SNI). */
  X509Certificate certificate(String serverName) {
    return current.get().certificate(serverName);
  }

  /** The provider of the default certificate now, as the listener's initial TLS configuration. */
  SslProvider defaultProvider() {
    return current.get().select(null);
  }

  /**
   * Re-reads the files if their content changed since the last look; runs on the watcher thread,
   * and from tests.
   *
   * @return true when a new generation was swapped in
   */
  public synchronized boolean checkFiles() {
    byte[] seen = digest(files(tls));
    if (Arrays.equals(seen, lastSeen)) {
      return false;
    }
    lastSeen = seen;
    try {
      current.set(ServerCertificates.load(tls, http2, clock.instant()));
      reloaded.increment();
      log.info("gateway.listen.tls: certificate files changed; new connections use them");
      return true;
    } catch (TlsMaterialException | RuntimeException e) {
      failed.increment();
      log.warn(
          "gateway.listen.tls: changed certificate files not used, the running certificates"
              + " stay: {}",
          e.getMessage());
      return false;
    }
  }

  private double secondsLeft(String name) {
    Instant notAfter = current.get().expiries().get(name);
    return notAfter == null ? Double.NaN : Duration.between(clock.instant(), notAfter).toSeconds();
  }

  private static List<Path> files(ListenerTls tls) {
    List<Path> files = new ArrayList<>();
    for (TlsCertificate certificate : tls.certificates()) {
      files.add(Path.of(certificate.cert()));
      files.add(Path.of(certificate.key()));
    }
    if (tls.clientCa() != null) {
      files.add(Path.of(tls.clientCa()));
    }
    return files;
  }

  /** One digest over the files' contents; a file that cannot be read counts as empty. */
  private static byte[] digest(List<Path> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path file : files) {
        try {
          sha.update(Files.readAllBytes(file));
        } catch (IOException e) {
          sha.update(new byte[] {0});
        }
        sha.update((byte) '\n');
      }
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public void close() {
    watcher.shutdownNow();
  }
}
