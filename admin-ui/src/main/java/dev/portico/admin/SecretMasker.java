package dev.portico.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides the values of secret keys ({@code secret}, {@code client-secret}, {@code shared-secret},
 * {@code password}) in configuration YAML before it leaves the process, and puts them back into an
 * edited text. A masked value becomes {@code "<masked-N>"}; an edited text that still contains the
 * placeholder keeps the running value, one that replaces it sets a new value. References such as
 * {@code ${env:NAME}} or {@code ${file:/path}} are not secrets and stay visible.
 *
 * <p>The keys are recognised textually, in block ({@code secret: x}) and flow ({@code { secret: x
 * }}) style; comments are never masked. Stateless and thread-safe.
 */
public final class SecretMasker {

  private static final Pattern SECRET =
      Pattern.compile(
          "(?m)(^|[\\s{,])((?:client-secret|shared-secret|secret|password)\\s*:[ \\t]*)"
              + "(\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\n]|'')*'|\\$\\{[^}\\n]*}"
              + "|[^\\s,}#\\[{'\"][^,}#\\n]*)");

  private static final Pattern PLACEHOLDER = Pattern.compile("\"<masked-(\\d+)>\"");

  private static final Pattern REFERENCE = Pattern.compile("[\"']?\\$\\{[^}]*}[\"']?");

  /**
   * A masked text and the values it hides, in order: {@code "<masked-1>"} stands for {@code
   * values.get(0)} (as written, quotes included).
   */
  public record Masked(String text, List<String> values) {
    public Masked {
      values = List.copyOf(values);
    }
  }

  /** Raised when an edited text names a placeholder the running text does not have. */
  public static final class UnknownPlaceholderException extends IllegalArgumentException {
    public UnknownPlaceholderException(String message) {
      super(message);
    }
  }

  private SecretMasker() {}

  /** {@code yaml} with every literal secret value replaced by a placeholder. */
  public static Masked mask(String yaml) {
    List<String> values = new ArrayList<>();
    Matcher m = SECRET.matcher(yaml);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = m.group(3).stripTrailing();
      String trailing = m.group(3).substring(value.length());
      if (REFERENCE.matcher(value).matches()
          || PLACEHOLDER.matcher(value).matches()
          || inComment(yaml, m.start(2))) {
        m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
        continue;
      }
      values.add(value);
      String replacement =
          m.group(1) + m.group(2) + "\"<masked-" + values.size() + ">\"" + trailing;
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return new Masked(out.toString(), values);
  }

  private static final Pattern COMMENT = Pattern.compile("(^|\\s)#");

  /** Whether the position is inside a comment: a {@code #} after a space starts one. */
  private static boolean inComment(String text, int position) {
    int lineStart = text.lastIndexOf('\n', position - 1) + 1;
    return COMMENT.matcher(text.substring(lineStart, position)).find();
  }

  /**
   * {@code edited} with every placeholder replaced by the value it stands for in {@code running}.
   *
   * @throws UnknownPlaceholderException if a placeholder has no value in {@code running}
   */
  public static String unmask(String edited, String running) {
    List<String> values = mask(running).values();
    Matcher m = PLACEHOLDER.matcher(edited);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int n = Integer.parseInt(m.group(1));
      if (n < 1 || n > values.size()) {
        throw new UnknownPlaceholderException(
            "\"<masked-"
                + n
                + ">\" stands for no secret of the running configuration: type the value again");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(values.get(n - 1)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
