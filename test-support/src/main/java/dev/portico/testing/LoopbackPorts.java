package dev.portico.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free TCP ports for the processes fixtures start. */
public final class LoopbackPorts {

  private LoopbackPorts() {}

  /**
   * A TCP port free at the time of the call (the kernel's choice). Another process could take it
   * before the fixture's process binds it; fixtures fail loudly then, they do not hang.
   */
  public static int freeTcpPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port", e);
    }
  }
}
