package dev.portico.config.routing;

import dev.portico.config.model.PathNormalization;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Brings a raw (still percent-encoded) request path into the one form that route matching, the
 * policies and the upstream all see, or refuses it when no such form is safe. The rules are those
 * of docs/path-normalization.md:
 *
 * <ul>
 *   <li>refused: a path not starting with {@code /}; a backslash, a control character or any other
 *       character that must be percent-encoded; malformed percent-encoding; {@code %00}; encoded
 *       bytes that are not strict UTF-8 (overlong forms, surrogates, stray continuation bytes); a
 *       dot segment written with percent-encoding ({@code %2e%2e}) or followed by parameters
 *       ({@code ..;x}); an encoded slash or backslash and a {@code ;}, unless the settings allow
 *       them;
 *   <li>normalized: encoded unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) are decoded, every
 *       other percent-encoding keeps its byte with upper-case hex digits; runs of {@code /} are
 *       merged (when configured); {@code .} and {@code ..} segments are removed as in RFC 3986
 *       §5.2.4, a {@code ..} above the root staying at the root; a trailing slash is kept.
 * </ul>
 *
 * <p>Immutable and thread-safe. {@link #normalize} makes one pass over the path and, when nothing
 * changes (the common case), returns the very {@code String} it was given without copying it.
 */
public final class PathNormalizer {

  /** The outcome of {@link #normalize}. */
  public sealed interface Result {

    /** The path to route, authorize and forward; the input instance itself when unchanged. */
    record Normalized(String path) implements Result {}

    /** The path cannot be normalized safely; {@code reason} is one sentence, safe for clients. */
    record Refused(String reason) implements Result {}
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final boolean mergeSlashes;
  private final boolean rejectEncodedSlashes;
  private final boolean rejectSemicolons;

  private PathNormalizer(PathNormalization settings) {
    this.mergeSlashes = settings.mergeSlashes();
    this.rejectEncodedSlashes = settings.rejectEncodedSlashes();
    this.rejectSemicolons = settings.rejectSemicolons();
  }

  /** The normalizer for {@code settings}. */
  public static PathNormalizer of(PathNormalization settings) {
    return new PathNormalizer(settings);
  }

  /** Normalizes {@code rawPath}, the path as received (without query), still percent-encoded. */
  public Result normalize(String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return new Result.Refused("The path must start with /.");
    }
    Pass pass = new Pass(rawPath);
    for (int slash = 0; slash < rawPath.length(); slash = pass.end) {
      String refusal = scanSegment(pass, slash + 1);
      if (refusal == null) {
        refusal = placeSegment(pass, slash);
      }
      if (refusal != null) {
        return new Result.Refused(refusal);
      }
    }
    return new Result.Normalized(pass.result());
  }

  /**
   * Reads the segment starting at {@code start} up to the next {@code /} or the end, validating
   * each character; a segment with percent-encoding is decoded into {@code pass.decoded}. Returns a
   * refusal reason, or null.
   */
  private String scanSegment(Pass pass, int start) {
    String path = pass.path;
    pass.begin(start);
    int i = start;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '/') {
        break;
      }
      if (c == '%') {
        String refusal = percent(pass, i);
        if (refusal != null) {
          return refusal;
        }
        i = pass.next;
        continue;
      }
      String refusal = literal(c);
      if (refusal != null) {
        return refusal;
      }
      if (pass.decoded != null) {
        pass.decoded.append(c);
      }
      i++;
    }
    pass.end = i;
    return null;
  }

  private String literal(char c) {
    if (isUnreserved(c) || c == ':' || c == '@' || isSubDelimiter(c)) {
      return null;
    }
    if (c == ';') {
      return rejectSemicolons ? "The path contains a semicolon (path parameters)." : null;
    }
    if (c == '\\') {
      return "The path contains a backslash.";
    }
    if (c < 0x20 || c == 0x7F) {
      return "The path contains a control character.";
    }
    return "The path contains a character that must be percent-encoded.";
  }

  /**
   * Handles the escape at {@code at}: decodes an unreserved character, keeps any other byte encoded
   * with upper-case hex, validates a run of non-ASCII bytes as strict UTF-8. Sets {@code
   * pass.next}.
   */
  private String percent(Pass pass, int at) {
    int b = escapedByte(pass.path, at);
    if (b < 0) {
      return "The path contains a malformed percent-encoding (expected % and two hex digits).";
    }
    pass.decoding(at);
    if (b >= 0x80) {
      return utf8Run(pass, at);
    }
    pass.next = at + 3;
    if (b == 0) {
      return "The path contains an encoded NUL (%00).";
    }
    if ((b == '/' || b == '\\') && rejectEncodedSlashes) {
      return b == '/'
          ? "The path contains an encoded slash (%2F)."
          : "The path contains an encoded backslash (%5C).";
    }
    if (isUnreserved((char) b)) {
      pass.decoded.append((char) b);
    } else {
      appendEscape(pass.decoded, b);
    }
    return null;
  }

  /** Validates the run of escaped bytes ≥ 0x80 starting at {@code at} and keeps it encoded. */
  private static String utf8Run(Pass pass, int at) {
    String path = pass.path;
    int end = at;
    while (end < path.length() && path.charAt(end) == '%' && escapedByte(path, end) >= 0x80) {
      end += 3;
    }
    byte[] bytes = new byte[(end - at) / 3];
    for (int k = 0; k < bytes.length; k++) {
      bytes[k] = (byte) escapedByte(path, at + 3 * k);
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      return "The path contains percent-encoded bytes that are not valid UTF-8.";
    }
    for (byte b : bytes) {
      appendEscape(pass.decoded, b & 0xFF);
    }
    pass.next = end;
    return null;
  }

  /**
   * Decides what the segment just scanned (after the {@code /} at {@code slash}) contributes to the
   * output: itself, nothing (a merged slash, a {@code .}) or the removal of the previous segment (a
   * {@code ..}). Returns a refusal reason, or null.
   */
  private String placeSegment(Pass pass, int slash) {
    boolean last = pass.end == pass.path.length();
    CharSequence text = pass.decoded != null ? pass.decoded : pass.path;
    int from = pass.decoded != null ? 0 : slash + 1;
    int to = pass.decoded != null ? pass.decoded.length() : pass.end;
    int dots = dotSegment(text, from, to);
    if (dots == 0) {
      if (!rejectSemicolons && dotSegmentWithParameters(text, from, to)) {
        return "The path contains a dot segment with parameters (such as ..;x).";
      }
      if (to == from && mergeSlashes && !last) {
        pass.drop(slash);
      } else {
        pass.keep(slash, text, from, to);
      }
      return null;
    }
    if (pass.decoded != null) {
      return "The path contains a dot segment written with percent-encoding (%2E).";
    }
    pass.drop(slash);
    if (dots == 2) {
      pass.removeLastSegment();
    }
    if (last) {
      pass.endWithSlash();
    }
    return null;
  }

  /** 1 for {@code .}, 2 for {@code ..}, 0 for any other segment. */
  private static int dotSegment(CharSequence text, int from, int to) {
    int length = to - from;
    if (length == 0 || length > 2) {
      return 0;
    }
    for (int k = from; k < to; k++) {
      if (text.charAt(k) != '.') {
        return 0;
      }
    }
    return length;
  }

  /** Whether the segment is {@code .} or {@code ..} followed by {@code ;parameters}. */
  private static boolean dotSegmentWithParameters(CharSequence text, int from, int to) {
    for (int k = from; k < to; k++) {
      if (text.charAt(k) == ';') {
        return k > from && dotSegment(text, from, k) > 0;
      }
    }
    return false;
  }

  /** The byte of the escape {@code %XX} at {@code at}, or -1 when it is not one. */
  private static int escapedByte(String path, int at) {
    if (at + 2 >= path.length()) {
      return -1;
    }
    int high = hexValue(path.charAt(at + 1));
    int low = hexValue(path.charAt(at + 2));
    return high < 0 || low < 0 ? -1 : high << 4 | low;
  }

  /** The value of an ASCII hex digit, or -1 (unlike {@code Character.digit}, ASCII only). */
  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  private static void appendEscape(StringBuilder out, int b) {
    out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  /** RFC 3986 sub-delims except {@code ;}, which has a setting of its own. */
  private static boolean isSubDelimiter(char c) {
    return switch (c) {
      case '!', '$', '&', '\'', '(', ')', '*', '+', ',', '=' -> true;
      default -> false;
    };
  }

  /**
   * The state of one {@link #normalize} call. The output is built lazily: while {@code out} is
   * null, it equals the input up to the current segment, so an unchanged path is never copied.
   */
  private static final class Pass {
    final String path;
    StringBuilder out;
    StringBuilder decoded;
    int start;
    int end;
    int next;

    Pass(String path) {
      this.path = path;
    }

    void begin(int segmentStart) {
      start = segmentStart;
      decoded = null;
    }

    /** Switches the current segment to a decoded copy, from the escape at {@code at} on. */
    void decoding(int at) {
      if (decoded == null) {
        decoded = new StringBuilder(path.length() - start).append(path, start, at);
      }
    }

    /** The segment after the slash at {@code slash} contributes nothing. */
    void drop(int slash) {
      materialize(slash);
    }

    void keep(int slash, CharSequence text, int from, int to) {
      if (out == null && unchanged()) {
        return;
      }
      materialize(slash);
      out.append('/').append(text, from, to);
    }

    /** Whether the current segment reads exactly as received (escapes already upper-case). */
    private boolean unchanged() {
      if (decoded == null) {
        return true;
      }
      if (decoded.length() != end - start) {
        return false;
      }
      for (int k = 0; k < decoded.length(); k++) {
        if (decoded.charAt(k) != path.charAt(start + k)) {
          return false;
        }
      }
      return true;
    }

    private void materialize(int upTo) {
      if (out == null) {
        out = new StringBuilder(path.length()).append(path, 0, upTo);
      }
    }

    void removeLastSegment() {
      out.setLength(Math.max(0, out.lastIndexOf("/")));
    }

    void endWithSlash() {
      if (out.length() == 0 || out.charAt(out.length() - 1) != '/') {
        out.append('/');
      }
    }

    String result() {
      if (out == null) {
        return path;
      }
      return out.length() == 0 ? "/" : out.toString();
    }
  }
}
