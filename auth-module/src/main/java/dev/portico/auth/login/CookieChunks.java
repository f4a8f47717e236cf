package dev.portico.auth.login;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Splits a long cookie value over numbered cookies ({@code NAME.0}, {@code NAME.1}, …) and joins
 * them again, because browsers keep at most about 4 KB per cookie. A value that fits is written as
 * one cookie named {@code NAME}.
 *
 * <p>The pieces are not protected one by one: a sealed value is authenticated as a whole, so a
 * missing, reordered or foreign piece makes it fail to open.
 *
 * <p>Stateless and thread-safe.
 */
public final class CookieChunks {

  /** Largest value per cookie, leaving room for the name and attributes within 4096 bytes. */
  public static final int MAX_CHUNK = 3800;

  /** Most pieces read back; a session never needs this many. */
  public static final int MAX_CHUNKS = 16;

  private CookieChunks() {}

  /**
   * The cookies that carry {@code value}, in order: {@code {NAME: value}} when it fits in {@code
   * maxChunk} characters, else {@code {NAME.0: …, NAME.1: …}}.
   *
   * @throws IllegalArgumentException when more than {@link #MAX_CHUNKS} pieces would be needed
   */
  public static Map<String, String> split(String name, String value, int maxChunk) {
    Map<String, String> cookies = new LinkedHashMap<>();
    if (value.length() <= maxChunk) {
      cookies.put(name, value);
      return cookies;
    }
    int pieces = (value.length() + maxChunk - 1) / maxChunk;
    if (pieces > MAX_CHUNKS) {
      throw new IllegalArgumentException(
          "cookie " + name + " would need " + pieces + " pieces (at most " + MAX_CHUNKS + ")");
    }
    for (int i = 0; i < pieces; i++) {
      int end = Math.min(value.length(), (i + 1) * maxChunk);
      cookies.put(chunkName(name, i), value.substring(i * maxChunk, end));
    }
    return cookies;
  }

  /** {@link #split(String, String, int)} with {@link #MAX_CHUNK}. */
  public static Map<String, String> split(String name, String value) {
    return split(name, value, MAX_CHUNK);
  }

  /**
   * The value carried by the cookies named {@code name} or {@code name.0 … name.n}, read through
   * {@code cookies} (which answers null for a cookie the request does not have). Empty when there
   * is none.
   */
  public static Optional<String> join(String name, Function<String, String> cookies) {
    String whole = cookies.apply(name);
    if (whole != null) {
      return Optional.of(whole);
    }
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < MAX_CHUNKS; i++) {
      String piece = cookies.apply(chunkName(name, i));
      if (piece == null) {
        break;
      }
      joined.append(piece);
    }
    return joined.length() == 0 ? Optional.empty() : Optional.of(joined.toString());
  }

  /** Every cookie name that can carry a value called {@code name}, for clearing them all. */
  public static List<String> allNames(String name) {
    List<String> names = new ArrayList<>(MAX_CHUNKS + 1);
    names.add(name);
    for (int i = 0; i < MAX_CHUNKS; i++) {
      names.add(chunkName(name, i));
    }
    return names;
  }

  /** Whether {@code candidate} is {@code name} or one of its numbered pieces. */
  public static boolean belongsTo(String name, String candidate) {
    if (candidate.equals(name)) {
      return true;
    }
    if (!candidate.startsWith(name + ".")) {
      return false;
    }
    String index = candidate.substring(name.length() + 1);
    return !index.isEmpty() && index.length() <= 2 && index.chars().allMatch(Character::isDigit);
  }

  static String chunkName(String name, int index) {
    return name + "." + index;
  }
}
