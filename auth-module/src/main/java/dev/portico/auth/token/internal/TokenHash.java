package dev.portico.auth.token.internal;

/**
 * The 128-bit keyed hash of a token: the key of the verified-token cache, so the cache never holds
 * a token itself. Immutable.
 */
public final class TokenHash {

  private final long high;
  private final long low;

  TokenHash(long high, long low) {
    this.high = high;
    this.low = low;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TokenHash that && high == that.high && low == that.low;
  }

  @Override
  public int hashCode() {
    // The bits come from a keyed PRF, so any 32 of them are as good as a mix of all 128.
    return (int) low;
  }

  @Override
  public String toString() {
    return String.format("%016x%016x", high, low);
  }
}
