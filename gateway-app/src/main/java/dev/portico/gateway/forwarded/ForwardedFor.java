package dev.portico.gateway.forwarded;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Parsing of X-Forwarded-For values: numeric addresses only, never a DNS lookup. */
final class ForwardedFor {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

  private ForwardedFor() {}

  /** All hops of all header values, left (client) to right (nearest proxy). */
  static List<String> hops(List<String> headerValues) {
    List<String> hops = new ArrayList<>();
    for (String value : headerValues) {
      for (String hop : value.split(",")) {
        String trimmed = hop.trim();
        if (!trimmed.isEmpty()) {
          hops.add(trimmed);
        }
      }
    }
    return hops;
  }

  /** The address in a hop ({@code 1.2.3.4}, {@code 1.2.3.4:5678}, {@code [::1]:80}), or null. */
  static InetAddress parseAddress(String hop) {
    String text = hop;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        return null;
      }
      text = text.substring(1, close);
    } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') > 0) {
      text = text.substring(0, text.indexOf(':'));
    }
    boolean numeric =
        IPV4.matcher(text).matches() || (text.contains(":") && IPV6.matcher(text).matches());
    if (!numeric) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
