package dev.portico.ratelimit;

/** Redis could not be asked: no connection is established. */
final class RedisUnavailableException extends RuntimeException {

  RedisUnavailableException(String message) {
    super(message, null, false, false);
  }
}
