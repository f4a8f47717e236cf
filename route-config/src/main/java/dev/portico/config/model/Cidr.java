package dev.portico.config.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}); a bare address
 * means a single host. Immutable and thread-safe. IPv4-mapped IPv6 addresses ({@code
 * ::ffff:a.b.c.d}) match the IPv4 networks they map to.
 */
public final class Cidr {

  /** What {@link #parse} accepts, for error messages and the JSON Schema. */
  public static final String EXPECTED = "an IP network like 10.0.0.0/8, 192.168.1.7 or fd00::/8";

  private static final Pattern IPV4 =
      Pattern.compile(
          "(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");

  /**
   * Hex digits, colons and dots, starting with a hex digit or colon: a string like that which also
   * contains a colon is parsed by {@link InetAddress} as an IPv6 literal, never looked up in DNS.
   */
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*");

  private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

  private final byte[] network;
  private final int prefixLength;
  private final String text;

  private Cidr(byte[] network, int prefixLength, String text) {
    this.network = network;
    this.prefixLength = prefixLength;
    this.text = text;
  }

  /**
   * Parses {@code text}, accepting only numeric addresses (never a DNS lookup): IPv4 in dotted
   * decimal without leading zeros, IPv6 in any textual form. An IPv4-mapped IPv6 network ({@code
   * ::ffff:10.0.0.0/104}) is read as the IPv4 network it maps ({@code 10.0.0.0/8}).
   *
   * @throws IllegalArgumentException naming what was expected
   */
  public static Cidr parse(String text) {
    String trimmed = text.trim();
    int slash = trimmed.indexOf('/');
    String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
    boolean v6 = address.contains(":");
    byte[] bytes = v6 ? ipv6(address, text) : ipv4(address, text);
    boolean mapped = v6 && bytes.length == 4;
    int maxPrefix = mapped ? 128 : bytes.length * 8;
    int prefix = maxPrefix;
    if (slash >= 0) {
      String digits = trimmed.substring(slash + 1);
      if (!PREFIX.matcher(digits).matches()) {
        throw invalid(text);
      }
      prefix = Integer.parseInt(digits);
    }
    if (prefix > maxPrefix) {
      throw new IllegalArgumentException(
          "'" + text + "' has a prefix length outside 0.." + maxPrefix);
    }
    if (mapped) {
      if (prefix < 96) {
        throw new IllegalArgumentException(
            "'" + text + "' is an IPv4-mapped network, which needs a prefix length of 96..128");
      }
      prefix -= 96;
    }
    return new Cidr(mask(bytes, prefix), prefix, trimmed);
  }

  private static byte[] ipv4(String address, String text) {
    Matcher m = IPV4.matcher(address);
    if (!m.matches()) {
      throw invalid(text);
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = Integer.parseInt(m.group(i + 1));
      if (octet > 255) {
        throw invalid(text);
      }
      bytes[i] = (byte) octet;
    }
    return bytes;
  }

  private static byte[] ipv6(String address, String text) {
    if (!IPV6_CHARS.matcher(address).matches()) {
      throw invalid(text);
    }
    try {
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw invalid(text);
    }
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

  /** The network's bytes (4 or 16), for exact-match tables. */
  byte[] networkBytes() {
    return network.clone();
  }

  /** The prefix length, counted in the network's own address family. */
  int prefixBits() {
    return prefixLength;
  }

  /** {@code address} with every bit after {@code prefix} cleared. */
  static byte[] mask(byte[] address, int prefix) {
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
