package dev.portico.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 upstream on raw sockets that models the classic keep-alive race deterministically:
 * when a request arrives on a connection that has been idle for longer than the keep-alive timeout,
 * it closes the connection without answering, as a server does whose idle timer fired while the
 * request was on the wire. A client that reuses such a connection sees a premature close.
 */
final class KeepAliveClosingUpstream implements AutoCloseable {

  private final ServerSocket server;
  private final long keepAliveMillis;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  KeepAliveClosingUpstream(long keepAliveMillis) throws IOException {
    this.keepAliveMillis = keepAliveMillis;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "keepalive-upstream-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far. */
  int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        sockets.add(socket);
        Thread handler = new Thread(() -> serve(socket), "keepalive-upstream-conn");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    long lastActivity = System.nanoTime();
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      while (true) {
        if (!readRequestHead(in)) {
          return;
        }
        long idleMillis = (System.nanoTime() - lastActivity) / 1_000_000;
        if (idleMillis > keepAliveMillis) {
          return; // the idle timer "fired": close without a response
        }
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        lastActivity = System.nanoTime();
      }
    } catch (SocketException e) {
      // client went away
    } catch (IOException e) {
      // ignore: the test observes outcomes through the gateway
    }
  }

  /** Reads up to the blank line ending the request head; false at end of stream. */
  private static boolean readRequestHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] terminator = {'\r', '\n', '\r', '\n'};
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = b == terminator[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
