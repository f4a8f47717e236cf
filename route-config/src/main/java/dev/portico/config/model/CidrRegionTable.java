package dev.portico.config.model;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A table of IP networks and the region each is in, read from a text file with one {@code network
 * region} pair per line ({@code 203.0.113.0/24 us-east}; {@code #} starts a comment). A lookup
 * finds the longest matching prefix, with one hash lookup per distinct prefix length in the table.
 * Immutable and thread-safe.
 */
public final class CidrRegionTable {

  private final Map<String, String> regions;
  private final int[] lengthsV4;
  private final int[] lengthsV6;

  private CidrRegionTable(Map<String, String> regions, int[] lengthsV4, int[] lengthsV6) {
    this.regions = regions;
    this.lengthsV4 = lengthsV4;
    this.lengthsV6 = lengthsV6;
  }

  /**
   * Reads {@code file}.
   *
   * @throws IOException when it cannot be read
   * @throws IllegalArgumentException naming the line and what was expected
   */
  public static CidrRegionTable load(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  /** Parses table lines; see {@link #load}. */
  public static CidrRegionTable parse(List<String> lines) {
    Map<String, String> regions = new HashMap<>();
    TreeSet<Integer> v4 = new TreeSet<>();
    TreeSet<Integer> v6 = new TreeSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String content = (hash < 0 ? line : line.substring(0, hash)).strip();
      if (content.isEmpty()) {
        continue;
      }
      String[] parts = content.split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": expected 'network region', e.g. '203.0.113.0/24 us-east'");
      }
      Cidr network;
      try {
        network = Cidr.parse(parts[0]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage());
      }
      byte[] bytes = network.networkBytes();
      (bytes.length == 4 ? v4 : v6).add(network.prefixBits());
      String previous = regions.putIfAbsent(key(bytes, network.prefixBits()), parts[1]);
      if (previous != null && !previous.equals(parts[1])) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": " + parts[0] + " is listed before with region " + previous);
      }
    }
    return new CidrRegionTable(Map.copyOf(regions), descending(v4), descending(v6));
  }

  private static int[] descending(TreeSet<Integer> lengths) {
    return lengths.descendingSet().stream().mapToInt(Integer::intValue).toArray();
  }

  private static String key(byte[] masked, int prefix) {
    return HexFormat.of().formatHex(masked) + '/' + prefix;
  }

  /** The region of the longest network containing {@code address}, or null. */
  public String regionOf(InetAddress address) {
    byte[] bytes = address.getAddress();
    int[] lengths = bytes.length == 4 ? lengthsV4 : lengthsV6;
    for (int prefix : lengths) {
      String region = regions.get(key(Cidr.mask(bytes, prefix), prefix));
      if (region != null) {
        return region;
      }
    }
    return null;
  }

  /** Number of networks. */
  public int size() {
    return regions.size();
  }
}
