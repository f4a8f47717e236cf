package dev.portico.testing.dns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal DNS client over UDP for the fixture's readiness checks: asks one question and reports
 * the response code and the number of answers. Not a resolver (no retries, no decoding).
 */
final class DnsProbe {

  /** The response code (0 = NOERROR, 3 = NXDOMAIN, ...) and the answer count. */
  record Reply(int rcode, int answers) {}

  static final int A = 1;
  static final int SRV = 33;

  private DnsProbe() {}

  /** Asks {@code name}/{@code type}; null when no answer arrives within {@code timeoutMillis}. */
  static Reply ask(int port, String name, int type, int timeoutMillis) throws IOException {
    int id = ThreadLocalRandom.current().nextInt(0x10000);
    byte[] query = query(id, name, type);
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      socket.setSoTimeout(timeoutMillis);
      socket.send(
          new DatagramPacket(query, query.length, new InetSocketAddress("127.0.0.1", port)));
      byte[] buffer = new byte[1500];
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(reply);
      } catch (SocketTimeoutException e) {
        return null;
      }
      ByteBuffer header = ByteBuffer.wrap(buffer, 0, reply.getLength());
      if (reply.getLength() < 12 || (header.getShort(0) & 0xffff) != id) {
        return null;
      }
      return new Reply(header.getShort(2) & 0x0f, header.getShort(6) & 0xffff);
    }
  }

  private static byte[] query(int id, String name, int type) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(12);
    header.putShort((short) id).putShort((short) 0x0100).putShort((short) 1);
    out.writeBytes(header.array());
    for (String label : name.split("\\.")) {
      byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
      out.write(bytes.length);
      out.writeBytes(bytes);
    }
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(4).putShort((short) type).putShort((short) 1).array());
    return out.toByteArray();
  }
}
