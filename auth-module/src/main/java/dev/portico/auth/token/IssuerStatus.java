package dev.portico.auth.token;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of an issuer's signing keys, for metrics and the admin console. Immutable.
 *
 * @param name the configured issuer name
 * @param lastKeyFetch when the keys in use were fetched (Portico's clock); null before the first
 *     successful fetch, and always for an issuer with a shared secret
 * @param keyIds the key ids ({@code kid}) of the signing keys in use, sorted; a key without a kid
 *     is listed as {@code #} followed by the start of its RFC 7638 thumbprint
 * @param stale true when the last fetch failed or the keys are older than one refresh interval plus
 *     the fetch timeout: they are still used until {@code max-staleness}
 * @param lastError why the last fetch failed, when it did (for operators; no secrets); null when
 *     the last fetch succeeded
 */
public record IssuerStatus(
    String name, Instant lastKeyFetch, List<String> keyIds, boolean stale, String lastError) {

  public IssuerStatus {
    keyIds = List.copyOf(keyIds);
  }
}
