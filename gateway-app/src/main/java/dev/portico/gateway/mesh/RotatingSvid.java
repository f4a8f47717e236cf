package dev.portico.gateway.mesh;

import dev.portico.config.mesh.Svid;
import dev.portico.config.mesh.SvidException;
import dev.portico.config.mesh.SvidFiles;
import dev.portico.config.model.UpstreamMtls;
import dev.portico.gateway.tls.TlsEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.netty.tcp.SslProvider;

/**
 * Portico's X.509-SVID for one mesh upstream, as TLS settings that follow the agent's rotations.
 * The three files are polled every {@code refresh-interval} on a scheduler that may block (never an
 * event loop); when any of them changed (time, size or file identity — agents replace files
 * atomically), they are read again. A complete, consistent SVID becomes the current {@link
 * Generation}: connections opened from then on present it, connections already open keep theirs. A
 * broken rotation (missing file, not PEM, key of another certificate, no SPIFFE ID) keeps the
 * current generation, logs a warning and counts {@code
 * portico_upstream_svid_reload_failures_total}; it is read again when the files change again.
 * Thread-safe: {@link #current} is a volatile read.
 */
final class RotatingSvid implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger("portico.mesh");

  /** One SVID and the TLS settings that present it. */
  record Generation(Svid svid, SslProvider ssl, long number) {}

  private final String upstream;
  private final UpstreamMtls config;
  private final List<Path> files;
  private final MeterRegistry meters;
  private final AtomicLong rotations = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private List<Meter> registered = List.of(); // guarded by this
  private volatile Generation current;
  private List<Object> stamps; // guarded by this
  private Disposable polling;

  private RotatingSvid(String upstream, UpstreamMtls config, MeterRegistry meters)
      throws SvidException, GeneralSecurityException {
    this.upstream = upstream;
    this.config = config;
    this.meters = meters;
    this.files =
        List.of(
            Path.of(config.certificateFile()),
            Path.of(config.keyFile()),
            Path.of(config.trustBundleFile()));
    this.stamps = stamps();
    this.current = generation(read(), 1);
  }

  /**
   * Registers {@code portico_upstream_svid_rotations_total}, {@code
   * portico_upstream_svid_reload_failures_total} and {@code portico_upstream_svid_not_after}; once
   * (later calls do nothing). Called after the meters of a replaced upstream were removed, so the
   * names are bound to this SVID.
   */
  synchronized void registerMeters() {
    if (!registered.isEmpty()) {
      return;
    }
    registered =
        List.of(
            FunctionCounter.builder("portico.upstream.svid.rotations", rotations, AtomicLong::get)
                .description("New X.509-SVIDs taken into use for the upstream's mTLS")
                .tag("upstream", upstream)
                .register(meters),
            FunctionCounter.builder(
                    "portico.upstream.svid.reload.failures", failures, AtomicLong::get)
                .description("SVID file changes that could not be used (the previous SVID stays)")
                .tag("upstream", upstream)
                .register(meters),
            Gauge.builder("portico.upstream.svid.not.after", this, s -> s.expiry())
                .description("Expiry of the SVID Portico presents to the upstream (Unix seconds)")
                .tag("upstream", upstream)
                .register(meters));
  }

  /**
   * Reads the SVID now (blocking).
   *
   * @throws SvidException when the files are not a usable SVID
   * @throws GeneralSecurityException when no TLS settings can be made from them
   */
  static RotatingSvid load(String upstream, UpstreamMtls config, MeterRegistry meters)
      throws SvidException, GeneralSecurityException {
    return new RotatingSvid(upstream, config, meters);
  }

  /** Starts polling the files on {@code scheduler}, which may block. */
  synchronized void start(Scheduler scheduler) {
    long every = config.refreshInterval().toMillis();
    polling =
        scheduler.schedulePeriodically(
            this::refresh, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  Generation current() {
    return current;
  }

  /** Reads the files again if they changed (what each poll does). */
  synchronized void refresh() {
    List<Object> now = stamps();
    if (now.equals(stamps)) {
      return;
    }
    stamps = now;
    try {
      Svid svid = read();
      if (sameSvid(svid, current.svid())) {
        return;
      }
      Generation previous = current;
      current = generation(svid, previous.number() + 1);
      rotations.incrementAndGet();
      log.info(
          "Upstream '{}': new SVID {} (serial {}, valid until {})",
          upstream,
          svid.spiffeId(),
          svid.leaf().getSerialNumber().toString(16),
          svid.leaf().getNotAfter().toInstant());
    } catch (SvidException | GeneralSecurityException | RuntimeException e) {
      failures.incrementAndGet();
      log.warn(
          "Upstream '{}': the SVID files changed but cannot be used ({}); still presenting {}"
              + " (serial {})",
          upstream,
          e.getMessage(),
          current.svid().spiffeId(),
          current.svid().leaf().getSerialNumber().toString(16));
    }
  }

  private double expiry() {
    return current.svid().leaf().getNotAfter().toInstant().getEpochSecond();
  }

  private Svid read() throws SvidException {
    return SvidFiles.read(files.get(0), files.get(1), files.get(2));
  }

  private Generation generation(Svid svid, long number) throws GeneralSecurityException {
    try {
      SslContext context =
          SslContextBuilder.forClient()
              .sslProvider(TlsEngine.provider())
              .keyManager(svid.key(), svid.chain().toArray(X509Certificate[]::new))
              .trustManager(SpiffeTrustManager.of(svid.trustBundle(), config))
              .build();
      return new Generation(svid, SslProvider.builder().sslContext(context).build(), number);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static boolean sameSvid(Svid a, Svid b) {
    return a.chain().equals(b.chain())
        && a.trustBundle().equals(b.trustBundle())
        && java.util.Arrays.equals(a.key().getEncoded(), b.key().getEncoded());
  }

  /** What changes when an agent replaces a file: identity, size and modification time. */
  private List<Object> stamps() {
    return files.stream().map(RotatingSvid::stamp).toList();
  }

  private static Object stamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(Objects.toString(a.fileKey()), a.size(), a.lastModifiedTime().toMillis());
    } catch (IOException e) {
      return "missing";
    }
  }

  /** Stops polling and removes the meters. */
  @Override
  public synchronized void close() {
    if (polling != null) {
      polling.dispose();
    }
    registered.forEach(meters::remove);
    registered = List.of();
  }
}
