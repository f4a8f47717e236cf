package dev.portico.gateway.upstream;

import dev.portico.auth.Principal;

/**
 * What balancing reads of a request, for a request that is described rather than received (the
 * admin console's and the CLI's simulation): the same values the request path reads from the
 * exchange, so a preview hashes, pins and localizes exactly as a real request would.
 */
public interface RequestFacts {

  /** The first value of a header (any case), or null. */
  String header(String name);

  /** The value of a cookie, or null. */
  String cookie(String name);

  /** The first value of a query parameter, or null. */
  String query(String name);

  /** The normalized path. */
  String path();

  /** The authenticated caller, or null. */
  Principal principal();

  /** The client's address with trusted proxies applied, or null when unknown. */
  String clientIp();

  /** The caller's region as {@code gateway.client-locality} finds it, or null when unknown. */
  String callerRegion();
}
