package dev.portico.gateway.protocol;

import java.time.Duration;

/**
 * Parses the {@code grpc-timeout} request header: up to 8 digits and a unit ({@code H}ours, {@code
 * M}inutes, {@code S}econds, {@code m}illis, {@code u}micros, {@code n}anos), e.g. {@code 250m}.
 */
final class GrpcTimeout {

  private GrpcTimeout() {}

  /** The timeout, or null when the header is absent or not in the gRPC format. */
  static Duration parse(String header) {
    if (header == null || header.length() < 2 || header.length() > 9) {
      return null;
    }
    long value = 0;
    for (int i = 0; i < header.length() - 1; i++) {
      char c = header.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      value = value * 10 + (c - '0');
    }
    return switch (header.charAt(header.length() - 1)) {
      case 'H' -> Duration.ofHours(value);
      case 'M' -> Duration.ofMinutes(value);
      case 'S' -> Duration.ofSeconds(value);
      case 'm' -> Duration.ofMillis(value);
      case 'u' -> Duration.ofNanos(value * 1_000);
      case 'n' -> Duration.ofNanos(value);
      default -> null;
    };
  }
}
