package dev.portico.gateway.health;

/**
 * The result of one check.
 *
 * @param status the HTTP status, 0 when there was no response
 * @param failureReason why it failed, {@code null} when it passed
 */
record CheckOutcome(boolean passed, int status, String failureReason) {

  static CheckOutcome pass(int status) {
    return new CheckOutcome(true, status, null);
  }

  static CheckOutcome fail(int status, String reason) {
    return new CheckOutcome(false, status, reason);
  }
}
