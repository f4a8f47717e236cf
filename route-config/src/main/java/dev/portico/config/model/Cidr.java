package dev.portico.config.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}); a bare address
 * means a single host. Immutable and thread-safe. IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d})
 * match the IPv4 networks they map to.
 */
public final class Cidr {

  /** What {@link #parse} accepts, for error messages and the JSON Schema. */
  public static final String EXPECTED = "an IP network like 10.0.0.0/8, 192.168.1.7 or fd00::/8";

  private static final Pattern ADDRESS_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

  private final byte[] network;
  private final int prefixLength;
  private final String text;

  private Cidr(byte[] network, int prefixLength, String text) {
    this.network = network;
    this.prefixLength = prefixLength;
    this.text = text;
  }

  /**
   * Parses {@code text}, accepting only numeric addresses (never a DNS lookup).
   *
   * @throws IllegalArgumentException naming what was expected
   */
  public static Cidr parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    if (!ADDRESS_CHARS.matcher(address).matches() || (!address.contains(".") && !address.contains(":"))) {
      throw invalid(text);
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw invalid(text);
    }
    int maxPrefix = bytes.length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? maxPrefix : Integer.parseInt(trimmed.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw invalid(text);
    }
    if (prefix < 0 || prefix > maxPrefix) {
      throw new IllegalArgumentException(
          "'" + text + "' has a prefix length outside 0.." + maxPrefix);
    }
    return new Cidr(mask(bytes, prefix), prefix, trimmed);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not an IP network (expected " + EXPECTED + ")");
  }

  /** Whether {@code address} lies in this network. */
  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length == 16 && network.length == 4 && isIpv4Mapped(candidate)) {
      candidate = Arrays.copyOfRange(candidate, 12, 16);
    }
    if (candidate.length != network.length) {
      return false;
    }
    return Arrays.equals(mask(candidate, prefixLength), network);
  }

  private static boolean isIpv4Mapped(byte[] v6) {
    for (int i = 0; i < 10; i++) {
      if (v6[i] != 0) {
        return false;
      }
    }
    return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int bit = prefix; bit < out.length * 8; bit++) {
      out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr other
        && prefixLength == other.prefixLength
        && Arrays.equals(network, other.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    return text;
  }
}
