package dev.portico.auth.token.internal;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The signing keys of one issuer as fetched at one moment. Immutable.
 *
 * @param keys the usable signature keys
 * @param fetchedAtMillis when they were fetched (Portico's clock), or {@link Long#MIN_VALUE} for
 *     the empty set an issuer starts with
 */
public record KeySet(List<VerificationKey> keys, long fetchedAtMillis) {

  /** Most keys tried for a token without {@code kid}: each try is a signature check. */
  static final int MAX_KEYS_WITHOUT_KID = 4;

  public static final KeySet NONE = new KeySet(List.of(), Long.MIN_VALUE);

  public KeySet {
    keys = List.copyOf(keys);
  }

  public boolean fetched() {
    return fetchedAtMillis != Long.MIN_VALUE;
  }

  /**
   * The keys that may have signed a token with this header: the ones with its kid that fit its
   * algorithm, or, without kid, the first few that fit. Empty when none do.
   */
  public List<VerificationKey> candidates(JWSAlgorithm alg, String kid) {
    List<VerificationKey> found = new ArrayList<>(1);
    for (VerificationKey key : keys) {
      if ((kid == null || kid.equals(key.kid())) && key.fits(alg)) {
        found.add(key);
        if (kid == null && found.size() == MAX_KEYS_WITHOUT_KID) {
          break;
        }
      }
    }
    return found;
  }

  /** Whether the key with this identity is still in the set. */
  public boolean contains(String identity) {
    for (VerificationKey key : keys) {
      if (key.identity().equals(identity)) {
        return true;
      }
    }
    return false;
  }

  /** Identities of keys in this set that {@code next} no longer has. */
  public Set<String> removedIn(KeySet next) {
    Set<String> remaining =
        next.keys.stream().map(VerificationKey::identity).collect(Collectors.toSet());
    Set<String> removed = new HashSet<>();
    for (VerificationKey key : keys) {
      if (!remaining.contains(key.identity())) {
        removed.add(key.identity());
      }
    }
    return removed;
  }

  /** Key ids for display; a key without kid shows as {@code #} and the start of its thumbprint. */
  public List<String> keyIds() {
    Set<String> ids = new TreeSet<>();
    for (VerificationKey key : keys) {
      String thumbprint = key.identity().substring(key.identity().indexOf('#') + 1);
      ids.add(
          Objects.requireNonNullElse(
              key.kid(), "#" + thumbprint.substring(0, Math.min(8, thumbprint.length()))));
    }
    return List.copyOf(ids);
  }
}
