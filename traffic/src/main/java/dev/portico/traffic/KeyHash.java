package dev.portico.traffic;

/**
 * 64-bit hashes of request keys and endpoint ids: xxHash64 over the UTF-8 bytes of a {@link
 * CharSequence}, computed straight from the characters (no byte array, no allocation). Unpaired
 * surrogates are hashed as {@code '?'}, as {@link String#getBytes} encodes them. The results equal
 * the reference xxHash64 of those bytes, so they are stable across JVMs, releases and gateways: a
 * key hashes to the same value on every replica. Not a keyed hash: do not use where an attacker
 * choosing keys must not be able to aim at one endpoint. Stateless and thread-safe.
 */
public final class KeyHash {

  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private KeyHash() {}

  /** xxHash64 (seed 0) of the UTF-8 bytes of {@code key}. */
  public static long hash(CharSequence key) {
    return hash(key, 0);
  }

  /** xxHash64 with {@code seed} of the UTF-8 bytes of {@code key}. */
  public static long hash(CharSequence key, long seed) {
    int length = key.length();
    int any = 0;
    for (int i = 0; i < length; i++) {
      any |= key.charAt(i);
    }
    return any < 0x80 ? hashAscii(key, length, seed) : hashUtf8(key, seed);
  }

  /** xxHash64 of an all-ASCII key, whose UTF-8 bytes are its characters: the textbook loop. */
  private static long hashAscii(CharSequence key, int length, long seed) {
    int p = 0;
    long h;
    if (length >= 32) {
      long v1 = seed + P1 + P2;
      long v2 = seed + P2;
      long v3 = seed;
      long v4 = seed - P1;
      do {
        v1 = round(v1, asciiWord(key, p));
        v2 = round(v2, asciiWord(key, p + 8));
        v3 = round(v3, asciiWord(key, p + 16));
        v4 = round(v4, asciiWord(key, p + 24));
        p += 32;
      } while (p <= length - 32);
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12);
      h += Long.rotateLeft(v4, 18);
      h = merge(merge(merge(merge(h, v1), v2), v3), v4);
    } else {
      h = seed + P5;
    }
    h += length;
    for (; p + 8 <= length; p += 8) {
      h = tailWord(h, asciiWord(key, p));
    }
    if (p + 4 <= length) {
      long word =
          key.charAt(p)
              | key.charAt(p + 1) << 8
              | key.charAt(p + 2) << 16
              | key.charAt(p + 3) << 24;
      h ^= word * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      p += 4;
    }
    for (; p < length; p++) {
      h ^= key.charAt(p) * P5;
      h = Long.rotateLeft(h, 11) * P1;
    }
    return avalanche(h);
  }

  private static long hashUtf8(CharSequence key, long seed) {
    // The stripe state lives in locals: v1..v4 as in xxHash64, w0..w2 the complete 8-byte words
    // not yet part of a 32-byte stripe (a fourth completes one), word the partial word.
    long v1 = seed + P1 + P2;
    long v2 = seed + P2;
    long v3 = seed;
    long v4 = seed - P1;
    long w0 = 0;
    long w1 = 0;
    long w2 = 0;
    int words = 0;
    long word = 0;
    int fill = 0;
    long total = 0;
    int length = key.length();
    int i = 0;
    long pending = 0; // bytes of the current code point not yet appended, low byte first
    int pendingCount = 0;
    while (true) {
      if (fill == 8) {
        switch (words) {
          case 0 -> w0 = word;
          case 1 -> w1 = word;
          case 2 -> w2 = word;
          default -> {
            v1 = round(v1, w0);
            v2 = round(v2, w1);
            v3 = round(v3, w2);
            v4 = round(v4, word);
          }
        }
        words = (words + 1) & 3;
        word = 0;
        fill = 0;
      }
      if (pendingCount > 0) {
        word |= (pending & 0xFF) << (8 * fill);
        pending >>>= 8;
        pendingCount--;
        fill++;
        total++;
        continue;
      }
      if (i >= length) {
        break;
      }
      long encoded = utf8(key, i);
      pendingCount = (int) (encoded >>> 32);
      pending = encoded & 0xFFFFFFFFL;
      i += pendingCount == 4 ? 2 : 1; // a four-byte sequence is a surrogate pair
    }
    long h;
    if (total >= 32) {
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12);
      h += Long.rotateLeft(v4, 18);
      h = merge(merge(merge(merge(h, v1), v2), v3), v4);
    } else {
      h = seed + P5;
    }
    h += total;
    h = words > 0 ? tailWord(h, w0) : h;
    h = words > 1 ? tailWord(h, w1) : h;
    h = words > 2 ? tailWord(h, w2) : h;
    if (fill >= 4) {
      h ^= (word & 0xFFFFFFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      word >>>= 32;
      fill -= 4;
    }
    for (; fill > 0; fill--, word >>>= 8) {
      h ^= (word & 0xFF) * P5;
      h = Long.rotateLeft(h, 11) * P1;
    }
    return avalanche(h);
  }

  /** A well-mixed 64-bit hash of a 64-bit value (murmur3's finalizer); a bijection. */
  public static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }

  /** Maps a hash uniformly onto {@code [0, 1)} (its top 53 bits). */
  public static double unitInterval(long hash) {
    return (hash >>> 11) * 0x1.0p-53;
  }

  /** ASCII characters {@code i..i+7} as a little-endian word. */
  private static long asciiWord(CharSequence s, int i) {
    return (long) s.charAt(i)
        | (long) s.charAt(i + 1) << 8
        | (long) s.charAt(i + 2) << 16
        | (long) s.charAt(i + 3) << 24
        | (long) s.charAt(i + 4) << 32
        | (long) s.charAt(i + 5) << 40
        | (long) s.charAt(i + 6) << 48
        | (long) s.charAt(i + 7) << 56;
  }

  /**
   * The UTF-8 encoding of the code point starting at {@code i}: the byte count in the upper 32
   * bits, the bytes little-endian in the lower 32.
   */
  private static long utf8(CharSequence s, int i) {
    char c = s.charAt(i);
    if (c < 0x80) {
      return (1L << 32) | c;
    }
    if (c < 0x800) {
      return (2L << 32) | (0xC0 | (c >>> 6)) | ((0x80 | (c & 0x3F)) << 8);
    }
    if (!Character.isSurrogate(c)) {
      return (3L << 32)
          | (0xE0 | (c >>> 12))
          | ((0x80 | ((c >>> 6) & 0x3F)) << 8)
          | ((0x80 | (c & 0x3F)) << 16);
    }
    if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
      char low = s.charAt(i + 1);
      if (Character.isLowSurrogate(low)) {
        int cp = Character.toCodePoint(c, low);
        return (4L << 32)
            | (0xF0 | (cp >>> 18))
            | ((0x80 | ((cp >>> 12) & 0x3F)) << 8)
            | ((0x80 | ((cp >>> 6) & 0x3F)) << 16)
            | ((long) (0x80 | (cp & 0x3F)) << 24);
      }
    }
    return (1L << 32) | '?'; // unpaired surrogate, as String.getBytes(UTF_8) encodes it
  }

  private static long round(long acc, long input) {
    return Long.rotateLeft(acc + input * P2, 31) * P1;
  }

  private static long merge(long h, long v) {
    return (h ^ round(0, v)) * P1 + P4;
  }

  private static long tailWord(long h, long w) {
    return Long.rotateLeft(h ^ round(0, w), 27) * P1 + P4;
  }

  private static long avalanche(long h) {
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    return h ^ (h >>> 32);
  }
}
