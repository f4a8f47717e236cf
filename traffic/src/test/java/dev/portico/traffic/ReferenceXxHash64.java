package dev.portico.traffic;

/** Textbook xxHash64 over a byte array, to check the streaming implementation against. */
final class ReferenceXxHash64 {

  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private ReferenceXxHash64() {}

  static long hash(byte[] input, long seed) {
    int p = 0;
    int end = input.length;
    long h;
    if (end >= 32) {
      long v1 = seed + P1 + P2;
      long v2 = seed + P2;
      long v3 = seed;
      long v4 = seed - P1;
      do {
        v1 = round(v1, long64(input, p));
        v2 = round(v2, long64(input, p + 8));
        v3 = round(v3, long64(input, p + 16));
        v4 = round(v4, long64(input, p + 24));
        p += 32;
      } while (p <= end - 32);
      h =
          Long.rotateLeft(v1, 1)
              + Long.rotateLeft(v2, 7)
              + Long.rotateLeft(v3, 12)
              + Long.rotateLeft(v4, 18);
      h = merge(h, v1);
      h = merge(h, v2);
      h = merge(h, v3);
      h = merge(h, v4);
    } else {
      h = seed + P5;
    }
    h += end;
    for (; p + 8 <= end; p += 8) {
      h ^= round(0, long64(input, p));
      h = Long.rotateLeft(h, 27) * P1 + P4;
    }
    if (p + 4 <= end) {
      h ^= (int64of32(input, p)) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      p += 4;
    }
    for (; p < end; p++) {
      h ^= (input[p] & 0xFFL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    return h ^ (h >>> 32);
  }

  private static long round(long acc, long input) {
    return Long.rotateLeft(acc + input * P2, 31) * P1;
  }

  private static long merge(long h, long v) {
    return (h ^ round(0, v)) * P1 + P4;
  }

  private static long long64(byte[] b, int p) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (b[p + i] & 0xFF);
    }
    return value;
  }

  private static long int64of32(byte[] b, int p) {
    long value = 0;
    for (int i = 3; i >= 0; i--) {
      value = (value << 8) | (b[p + i] & 0xFF);
    }
    return value;
  }
}
