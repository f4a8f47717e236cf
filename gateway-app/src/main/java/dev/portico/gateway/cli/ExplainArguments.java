package dev.portico.gateway.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request {@code portico explain} describes: {@code [-X METHOD] [-H 'Name: value']... [--token
 * TOKEN] [--ip ADDRESS] PATH_OR_URL}, in curl's spelling where curl has one.
 *
 * @param method the HTTP method (GET by default)
 * @param target the path with optional query, or an absolute URL
 * @param headers the headers, in order of appearance
 * @param clientIp the client address conditions see, or ""
 */
public record ExplainArguments(
    String method, String target, Map<String, List<String>> headers, String clientIp) {

  /**
   * @throws IllegalArgumentException with what is wrong
   */
  public static ExplainArguments parse(List<String> args) {
    String method = "GET";
    String target = null;
    String ip = "";
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-X", "--request", "--method" -> method = value(args, ++i, arg);
        case "-H", "--header" -> {
          String header = value(args, ++i, arg);
          int colon = header.indexOf(':');
          if (colon <= 0) {
            throw new IllegalArgumentException(
                arg + " expects 'Name: value', got '" + header + "'");
          }
          headers
              .computeIfAbsent(header.substring(0, colon).strip(), n -> new ArrayList<>())
              .add(header.substring(colon + 1).strip());
        }
        case "--token" ->
            headers
                .computeIfAbsent("Authorization", n -> new ArrayList<>())
                .add("Bearer " + value(args, ++i, arg));
        case "--ip" -> ip = value(args, ++i, arg);
        default -> {
          if (arg.startsWith("-") || target != null) {
            throw new IllegalArgumentException("unexpected argument '" + arg + "'");
          }
          target = arg;
        }
      }
    }
    if (target == null) {
      throw new IllegalArgumentException("explain needs a path or URL, e.g. /api/orders/42");
    }
    if (!target.startsWith("/")
        && !target.startsWith("http://")
        && !target.startsWith("https://")) {
      throw new IllegalArgumentException(
          "'" + target + "' is neither a path (/...) nor an http(s) URL");
    }
    return new ExplainArguments(method, target, headers, ip);
  }

  private static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(index);
  }
}
