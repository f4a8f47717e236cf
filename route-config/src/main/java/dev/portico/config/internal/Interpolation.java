package dev.portico.config.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces references in scalar values before they are parsed: {@code ${env:NAME}} (an environment
 * variable), {@code ${env:NAME:-fallback}} (with a fallback when unset), {@code ${file:/path}} (a
 * file's content without the trailing newline — for secrets mounted as files). {@code $${} is a
 * literal {@code ${}. Other {@code ${…}} text, such as {@code ${id}} in a rewrite replacement, is
 * left as written. Runs once per load, never per request.
 */
public final class Interpolation {

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$\\{|\\$\\{(env|file):([^}:]+)(?::-([^}]*))?}");

  private final Map<String, String> environment;
  private final UnaryOperator<String> fileReader;

  public Interpolation(Map<String, String> environment) {
    this(environment, Interpolation::readFile);
  }

  Interpolation(Map<String, String> environment, UnaryOperator<String> fileReader) {
    this.environment = environment;
    this.fileReader = fileReader;
  }

  /**
   * The value with references replaced.
   *
   * @throws IllegalArgumentException naming the reference that cannot be resolved
   */
  public String apply(String value) {
    if (value.indexOf('$') < 0) {
      return value;
    }
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$${")) {
        replacement = "${";
      } else if (m.group(1).equals("env")) {
        replacement = environment.get(m.group(2));
        if (replacement == null) {
          replacement = m.group(3);
        }
        if (replacement == null) {
          throw new IllegalArgumentException(
              "environment variable "
                  + m.group(2)
                  + " is not set (write ${env:"
                  + m.group(2)
                  + ":-fallback} for a fallback)");
        }
      } else {
        replacement = fileReader.apply(m.group(2));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String readFile(String path) {
    try {
      String content = Files.readString(Path.of(path), StandardCharsets.UTF_8);
      return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
