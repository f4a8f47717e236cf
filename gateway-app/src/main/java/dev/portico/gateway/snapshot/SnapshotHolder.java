package dev.portico.gateway.snapshot;

import java.util.concurrent.atomic.AtomicReference;

/** The snapshot in force. Reads are a single volatile load; swaps are atomic. Thread-safe. */
public final class SnapshotHolder {

  private final AtomicReference<GatewaySnapshot> current;

  public SnapshotHolder(GatewaySnapshot initial) {
    this.current = new AtomicReference<>(initial);
  }

  public GatewaySnapshot current() {
    return current.get();
  }

  public void swap(GatewaySnapshot next) {
    current.set(next);
  }

  /** Stops the background work of the snapshot in force (issuer key refreshes). */
  public void close() {
    current.get().auth().close();
  }
}
