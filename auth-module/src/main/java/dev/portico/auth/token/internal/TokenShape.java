package dev.portico.auth.token.internal;

/**
 * What a bearer token looks like, decided in one pass over its characters before any decoding.
 *
 * <p>A JWS compact serialization is three dot-separated segments of unpadded, canonical base64url
 * whose header starts with {@code eyJ} (base64url of <code>{"</code>). Canonical matters: decoders
 * (nimbus included) ignore stray characters and the unused low bits of the last character, so a
 * lenient reading would accept many spellings of one signed token. Anything that starts like a JOSE
 * header but is not exactly that is {@link #MALFORMED}; five segments are a JWE, which Portico does
 * not decrypt. Everything else that is a valid RFC 6750 {@code b64token} is {@link #OPAQUE}.
 */
public enum TokenShape {
  JWS,
  JWE,
  OPAQUE,
  MALFORMED;

  private static final String JOSE_HEADER_START = "eyJ";

  /** Value of each base64url character, -1 for any other ASCII character. */
  private static final byte[] BASE64URL = base64UrlTable();

  private static byte[] base64UrlTable() {
    byte[] table = new byte[128];
    java.util.Arrays.fill(table, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      table[alphabet.charAt(i)] = (byte) i;
    }
    return table;
  }

  public static TokenShape of(String token) {
    if (token.isEmpty()) {
      return MALFORMED;
    }
    if (!token.startsWith(JOSE_HEADER_START)) {
      return isB64Token(token) ? OPAQUE : MALFORMED;
    }
    int segments = 1;
    int segmentStart = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (!canonicalSegment(token, segmentStart, i)) {
          return MALFORMED;
        }
        segments++;
        segmentStart = i + 1;
      } else if (!isBase64Url(c)) {
        return MALFORMED;
      }
    }
    if (!canonicalSegment(token, segmentStart, token.length())) {
      return MALFORMED;
    }
    return switch (segments) {
      case 3 -> JWS;
      case 5 -> JWE;
      default -> MALFORMED;
    };
  }

  /** Non-empty, a possible unpadded length, and no stray bits in the last character. */
  private static boolean canonicalSegment(String token, int start, int end) {
    int length = end - start;
    if (length == 0) {
      return false;
    }
    int last = base64Value(token.charAt(end - 1));
    return switch (length % 4) {
      case 0 -> true;
      case 2 -> (last & 0x0f) == 0;
      case 3 -> (last & 0x03) == 0;
      default -> false;
    };
  }

  private static boolean isBase64Url(char c) {
    return c < 128 && BASE64URL[c] >= 0;
  }

  private static int base64Value(char c) {
    return BASE64URL[c];
  }

  /** RFC 6750: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
  private static boolean isB64Token(String token) {
    int i = 0;
    int n = token.length();
    while (i < n) {
      char c = token.charAt(i);
      if (isBase64Url(c) || c == '.' || c == '~' || c == '+' || c == '/') {
        i++;
      } else {
        break;
      }
    }
    if (i == 0) {
      return false;
    }
    while (i < n && token.charAt(i) == '=') {
      i++;
    }
    return i == n;
  }
}
