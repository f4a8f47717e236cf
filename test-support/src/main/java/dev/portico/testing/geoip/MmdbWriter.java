package dev.portico.testing.geoip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes MaxMind DB files (format 2.0, the format of GeoIP2 and GeoLite2 databases) for tests, so
 * that Portico's GeoIP lookups run against a real database file read by MaxMind's own reader.
 *
 * <p>The database is IPv6 with IPv4 networks at {@code ::a.b.c.d/96+n}, 24-bit records, like
 * MaxMind's own files. Values may be strings, integers (written as uint32), booleans, lists and
 * maps with string keys; the same input always gives the same bytes. A more specific network
 * overrides a less specific one inside its range.
 *
 * <pre>{@code
 * new MmdbWriter("GeoLite2-Country")
 *     .put("203.0.113.0/24", Map.of("country", Map.of("iso_code", "US")))
 *     .write(dir.resolve("countries.mmdb"));
 * }</pre>
 *
 * @see <a href="https://maxmind.github.io/MaxMind-DB/">MaxMind DB File Format Specification</a>
 */
public final class MmdbWriter {

  private static final byte[] METADATA_MARKER = {
    (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
  };
  private static final int DATA_SECTION_SEPARATOR = 16;

  private final String databaseType;
  private final List<Entry> entries = new ArrayList<>();

  private record Entry(byte[] address, int prefixLength, Map<String, ?> data) {}

  /** A database whose metadata names it {@code databaseType}, e.g. "GeoLite2-Country". */
  public MmdbWriter(String databaseType) {
    this.databaseType = databaseType;
  }

  /** Maps {@code network} (CIDR: "203.0.113.0/24", "2001:db8::/32") to {@code data}. */
  public MmdbWriter put(String network, Map<String, ?> data) {
    int slash = network.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a CIDR network: " + network);
    }
    byte[] address;
    try {
      address = InetAddress.getByName(network.substring(0, slash)).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + network, e);
    }
    int length = Integer.parseInt(network.substring(slash + 1));
    if (address.length == 4) {
      byte[] mapped = new byte[16];
      System.arraycopy(address, 0, mapped, 12, 4);
      address = mapped;
      length += 96;
    }
    if (length < 1 || length > 128) {
      throw new IllegalArgumentException("bad prefix length: " + network);
    }
    entries.add(new Entry(address, length, data));
    return this;
  }

  /** Writes the database to {@code file}. */
  public void write(Path file) throws IOException {
    Files.write(file, toBytes());
  }

  /** The database file's bytes. */
  public byte[] toBytes() {
    ByteArrayOutputStream dataSection = new ByteArrayOutputStream();
    Node root = new Node();
    List<Entry> ordered = new ArrayList<>(entries);
    ordered.sort(Comparator.comparingInt(Entry::prefixLength));
    for (Entry entry : ordered) {
      int offset = dataSection.size();
      encode(entry.data(), dataSection);
      insert(root, entry, offset);
    }
    List<Node> nodes = number(root);
    int nodeCount = nodes.size();
    Map<Node, Integer> index = new IdentityHashMap<>();
    for (int i = 0; i < nodeCount; i++) {
      index.put(nodes.get(i), i);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Node node : nodes) {
      writeRecord(out, recordValue(node.left, index, nodeCount));
      writeRecord(out, recordValue(node.right, index, nodeCount));
    }
    out.writeBytes(new byte[DATA_SECTION_SEPARATOR]);
    out.writeBytes(dataSection.toByteArray());
    out.writeBytes(METADATA_MARKER);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("binary_format_major_version", new Uint16(2));
    metadata.put("binary_format_minor_version", new Uint16(0));
    metadata.put("build_epoch", new Uint64(1_700_000_000L));
    metadata.put("database_type", databaseType);
    metadata.put("description", Map.of("en", "Portico test database"));
    metadata.put("ip_version", new Uint16(6));
    metadata.put("languages", List.of("en"));
    metadata.put("node_count", (long) nodeCount);
    metadata.put("record_size", new Uint16(24));
    encode(metadata, out);
    return out.toByteArray();
  }

  /** A search-tree node; each side is null (no data), a {@link Node}, or a data offset. */
  private static final class Node {
    Object left;
    Object right;
  }

  private record Uint16(int value) {}

  private record Uint64(long value) {}

  private static void insert(Node root, Entry entry, int dataOffset) {
    Node node = root;
    for (int depth = 0; depth < entry.prefixLength(); depth++) {
      boolean one = bit(entry.address(), depth);
      if (depth == entry.prefixLength() - 1) {
        if (one) {
          node.right = dataOffset;
        } else {
          node.left = dataOffset;
        }
        return;
      }
      Object child = one ? node.right : node.left;
      Node next;
      if (child instanceof Node existing) {
        next = existing;
      } else {
        // Empty, or data of a less specific network: split it so both halves keep that data.
        next = new Node();
        next.left = child;
        next.right = child;
        if (one) {
          node.right = next;
        } else {
          node.left = next;
        }
      }
      node = next;
    }
  }

  private static boolean bit(byte[] address, int index) {
    return (address[index / 8] & (0x80 >>> (index % 8))) != 0;
  }

  private static List<Node> number(Node root) {
    List<Node> nodes = new ArrayList<>();
    ArrayDeque<Node> queue = new ArrayDeque<>();
    queue.add(root);
    while (!queue.isEmpty()) {
      Node node = queue.poll();
      nodes.add(node);
      if (node.left instanceof Node left) {
        queue.add(left);
      }
      if (node.right instanceof Node right) {
        queue.add(right);
      }
    }
    return nodes;
  }

  private static int recordValue(Object side, Map<Node, Integer> index, int nodeCount) {
    if (side == null) {
      return nodeCount;
    }
    if (side instanceof Node node) {
      return index.get(node);
    }
    return nodeCount + DATA_SECTION_SEPARATOR + (Integer) side;
  }

  private static void writeRecord(ByteArrayOutputStream out, int value) {
    if (value >= 1 << 24) {
      throw new IllegalStateException("database too large for 24-bit records");
    }
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }

  // Data section encoding: a control byte (type in the top 3 bits, size in the low 5), extended
  // types in a second byte, then size extension bytes, then the payload.
  private static final int STRING = 2;
  private static final int UINT16 = 5;
  private static final int UINT32 = 6;
  private static final int MAP = 7;
  private static final int UINT64 = 9;
  private static final int ARRAY = 11;
  private static final int BOOLEAN = 14;

  private static void encode(Object value, ByteArrayOutputStream out) {
    if (value instanceof String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      control(out, STRING, bytes.length);
      out.writeBytes(bytes);
    } else if (value instanceof Uint16 number) {
      unsigned(out, UINT16, number.value(), 2);
    } else if (value instanceof Integer number) {
      unsigned(out, UINT32, number, 4);
    } else if (value instanceof Long number) {
      unsigned(out, UINT32, number, 4);
    } else if (value instanceof Uint64 number) {
      unsigned(out, UINT64, number.value(), 8);
    } else if (value instanceof Boolean flag) {
      control(out, BOOLEAN, flag ? 1 : 0);
    } else if (value instanceof List<?> list) {
      control(out, ARRAY, list.size());
      list.forEach(item -> encode(item, out));
    } else if (value instanceof Map<?, ?> map) {
      control(out, MAP, map.size());
      // Sorted keys: the same maps always give the same bytes (Map.of iterates in random order).
      new TreeMap<>(map)
          .forEach(
              (key, item) -> {
                encode((String) key, out);
                encode(item, out);
              });
    } else {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName());
    }
  }

  private static void unsigned(ByteArrayOutputStream out, int type, long value, int maxBytes) {
    if (value < 0) {
      throw new IllegalArgumentException("negative unsigned value " + value);
    }
    int bytes = 0;
    for (long rest = value; rest != 0; rest >>>= 8) {
      bytes++;
    }
    if (bytes > maxBytes) {
      throw new IllegalArgumentException(value + " does not fit in " + maxBytes + " bytes");
    }
    control(out, type, bytes);
    for (int i = bytes - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)));
    }
  }

  private static void control(ByteArrayOutputStream out, int type, int size) {
    int sizeBits;
    byte[] extension;
    if (size < 29) {
      sizeBits = size;
      extension = new byte[0];
    } else if (size < 285) {
      sizeBits = 29;
      extension = new byte[] {(byte) (size - 29)};
    } else if (size < 65_821) {
      sizeBits = 30;
      int rest = size - 285;
      extension = new byte[] {(byte) (rest >>> 8), (byte) rest};
    } else {
      sizeBits = 31;
      int rest = size - 65_821;
      extension = new byte[] {(byte) (rest >>> 16), (byte) (rest >>> 8), (byte) rest};
    }
    if (type <= 7) {
      out.write((type << 5) | sizeBits);
    } else {
      out.write(sizeBits);
      out.write(type - 7);
    }
    out.writeBytes(extension);
  }
}
