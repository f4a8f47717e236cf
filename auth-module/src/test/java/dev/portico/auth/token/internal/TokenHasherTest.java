package dev.portico.auth.token.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenHasherTest {

  /** The reference key 00 01 .. 0f of the SipHash test vectors, as two little-endian words. */
  private static final TokenHasher REFERENCE =
      new TokenHasher(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);

  /** vectors_sip128 of the SipHash reference implementation: message 00 01 .. (n-1). */
  @ParameterizedTest(name = "{0} bytes")
  @CsvSource({
    "0, a3817f04ba25a8e66df67214c7550293",
    "1, da87c1d86b99af44347659119b22fc45",
    "7, a1f1ebbed8dbc153c0b84aa61ff08239",
    "8, 3b62a9ba6258f5610f83e264f31497b4",
    "9, 264499060ad9baabc47f8b02bb6d71ed",
    "15, 5493e99933b0a8117e08ec0f97cfc3d9",
    "16, 6ee2a4ca67b054bbfd3315bf85230577",
    "31, 2939b0183223fafc1723de4f52c43d35",
    "63, 5150d1772f50834a503e069a973fbd7c"
  })
  void matchesTheSipHash24ReferenceVectors(int length, String expected) {
    byte[] message = new byte[length];
    for (int i = 0; i < length; i++) {
      message[i] = (byte) i;
    }

    long[] out = REFERENCE.sipHash128(message);

    assertThat(littleEndianHex(out[0]) + littleEndianHex(out[1])).isEqualTo(expected);
  }

  private static String littleEndianHex(long value) {
    byte[] bytes = new byte[8];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (value >>> (8 * i));
    }
    return HexFormat.of().formatHex(bytes);
  }

  @Test
  void sameTokenHashesEquallyAndDifferentTokensDiffer() {
    TokenHasher hasher = TokenHasher.withRandomKey(new SecureRandom());

    assertThat(hasher.hash("eyJhbGciOi.a.b")).isEqualTo(hasher.hash("eyJhbGciOi.a.b"));
    assertThat(hasher.hash("eyJhbGciOi.a.b")).isNotEqualTo(hasher.hash("eyJhbGciOi.a.c"));
    assertThat(hasher.hash("token\u0100")).isNotEqualTo(hasher.hash("token\u0101"));
  }

  @Test
  void hashesDependOnTheKey() {
    TokenHasher one = new TokenHasher(1, 2);
    TokenHasher other = new TokenHasher(1, 3);

    assertThat(one.hash("same token")).isNotEqualTo(other.hash("same token"));
  }
}
