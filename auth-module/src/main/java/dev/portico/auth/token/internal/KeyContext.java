package dev.portico.auth.token.internal;

import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.util.List;

/**
 * What one verification passes through nimbus' processor: the keys Portico selected from its own
 * cache (the only keys ever used), and, for ID tokens, the client id and nonce to expect.
 */
record KeyContext(List<Key> keys, String clientId, String nonce) implements SecurityContext {

  static KeyContext forAccessToken(List<Key> keys) {
    return new KeyContext(keys, null, null);
  }
}
