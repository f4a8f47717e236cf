package dev.portico.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headers a route adds to the upstream request from the caller's principal, compiled once from
 * templates such as {@code "{subject}"} or {@code "tenant={claim:org.id}"}. Placeholders: {@code
 * {subject}}, {@code {issuer}}, {@code {roles}} (comma-separated, sorted), {@code {scopes}}
 * (space-separated, sorted), {@code {consumer}}, {@code {claim:dotted.path}}. A header whose
 * placeholders are all empty is left out. Values are stripped of CR, LF and other control
 * characters so a claim cannot inject headers. Immutable and thread-safe.
 */
public final class IdentityHeaders {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  private final Map<String, List<Part>> templates;

  private IdentityHeaders(Map<String, List<Part>> templates) {
    this.templates = templates;
  }

  /**
   * Compiles header templates (validated by the configuration loader).
   *
   * @throws IllegalArgumentException on an unknown placeholder
   */
  public static IdentityHeaders compile(Map<String, String> headerTemplates) {
    Map<String, List<Part>> compiled = new LinkedHashMap<>();
    headerTemplates.forEach((name, template) -> compiled.put(name, parse(template)));
    return new IdentityHeaders(compiled);
  }

  /** Header names this set writes (to be removed from the client's request first). */
  public Set<String> names() {
    return templates.keySet();
  }

  /** The headers for {@code principal}, in template order; empty ones left out. */
  public Map<String, String> render(Principal principal) {
    Map<String, String> out = new LinkedHashMap<>();
    templates.forEach(
        (name, parts) -> {
          StringBuilder value = new StringBuilder();
          boolean anyValue = false;
          for (Part part : parts) {
            String text = part.render(principal);
            anyValue |= part.placeholder() && !text.isEmpty();
            value.append(text);
          }
          if (anyValue || parts.stream().noneMatch(Part::placeholder)) {
            out.put(name, sanitize(value.toString()));
          }
        });
    return out;
  }

  private static List<Part> parse(String template) {
    List<Part> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int last = 0;
    while (m.find()) {
      if (m.start() > last) {
        parts.add(new Literal(template.substring(last, m.start())));
      }
      parts.add(placeholder(m.group(1)));
      last = m.end();
    }
    if (last < template.length()) {
      parts.add(new Literal(template.substring(last)));
    }
    return List.copyOf(parts);
  }

  private static Part placeholder(String name) {
    return switch (name) {
      case "subject" -> new Field(p -> nullToEmpty(p.subject()));
      case "issuer" -> new Field(p -> nullToEmpty(p.issuer()));
      case "consumer" -> new Field(p -> nullToEmpty(p.consumer()));
      case "roles" -> new Field(p -> String.join(",", new TreeSet<>(p.roles())));
      case "scopes" -> new Field(p -> String.join(" ", new TreeSet<>(p.scopes())));
      default -> {
        if (!name.startsWith("claim:") || name.length() == "claim:".length()) {
          throw new IllegalArgumentException("unknown placeholder {" + name + "}");
        }
        String path = name.substring("claim:".length());
        yield new Field(p -> ClaimPath.text(p.claims(), path));
      }
    };
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String sanitize(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != 0x7f) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private sealed interface Part permits Literal, Field {
    String render(Principal principal);

    boolean placeholder();
  }

  private record Literal(String text) implements Part {
    @Override
    public String render(Principal principal) {
      return text;
    }

    @Override
    public boolean placeholder() {
      return false;
    }
  }

  private record Field(java.util.function.Function<Principal, String> value) implements Part {
    @Override
    public String render(Principal principal) {
      return value.apply(principal);
    }

    @Override
    public boolean placeholder() {
      return true;
    }
  }
}
