package dev.portico.gateway.filter;

import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;

/**
 * The one table of gateway filter order (lower runs first on the way in). Gaps of 100 leave room
 * for the filters later features add (authentication, authorization, rate limiting).
 *
 * <p>Spring Cloud Gateway's own filters keep their orders: the response writer at -1 (its work
 * happens after the rest of the chain completes) and the Netty routing filter last.
 */
public final class FilterOrder {

  /**
   * Web filter: binds the exchange to the request's metrics recording (the timing itself wraps the
   * whole web handler, see dev.portico.gateway.metrics).
   */
  public static final int REQUEST_METRICS = -10_100;

  /**
   * Web filter: starts the request's server span (continuing the caller's trace) before anything
   * else, so every response, 404s and early refusals included, belongs to a trace.
   */
  public static final int SERVER_SPAN = -10_300;

  /** Web filter: hands the exchange to the access log's record of the request. */
  public static final int ACCESS_LOG = -10_200;

  /** Gives each request its id, before anything can fail (a web filter: it also sees 404s). */
  public static final int REQUEST_ID = -10_000;

  /**
   * Web filter: refuses HTTP/1.1 requests whose framing a proxy must not pass on (no or several
   * Host headers, a transfer coding other than chunked), once they are timed, traced, logged and
   * given an id, and before any other work.
   */
  public static final int REQUEST_FRAMING = -9_800;

  /**
   * Web filter: normalizes the request path (or refuses it with 400) before route matching, so the
   * matcher, the policies and the upstream all see the same path.
   */
  public static final int PATH_NORMALIZATION = -9_500;

  /** Web filter: on a TLS listener, sets Strict-Transport-Security on every response. */
  public static final int TLS_HEADERS = -9_400;

  /** Web filter: login callback and logout endpoints, answered before any routing. */
  public static final int LOGIN_ENDPOINTS = -9_000;

  /** Counts the request in flight on its route, before any route filter can refuse it. */
  public static final int ROUTE_IN_FLIGHT = -5_500;

  /** Edits response headers (registered first so they apply to every response of the route). */
  public static final int RESPONSE_HEADERS = -5_000;

  /** Refuses callers without the TLS client certificate the route requires (401 / 403). */
  public static final int CLIENT_CERTIFICATE = -4_900;

  /** Decides who the caller is (401 / 503 / login redirect) before the route does any work. */
  public static final int AUTHENTICATION = -4_800;

  /** Decides whether the caller may use the route (403, or 401 for anonymous callers). */
  public static final int AUTHORIZATION = -4_700;

  /** Counts the request against the route's rate limits (429) once the caller is known. */
  public static final int RATE_LIMIT = -4_600;

  /** Rejects bodies larger than the route allows (by Content-Length, or while streaming). */
  public static final int BODY_LIMIT = -4_000;

  /** Edits request headers sent upstream. */
  public static final int REQUEST_HEADERS = -3_900;

  /** Rewrites the path sent upstream. */
  public static final int PATH_REWRITE = -3_800;

  /**
   * Holds a gRPC call to its client's grpc-timeout, around every attempt and the streamed response
   * (so before the response writer at -1).
   */
  public static final int GRPC_DEADLINE = -3_000;

  /** Retries failed attempts; everything after it runs once per attempt. */
  public static final int RETRY = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER + 100;

  /** Chooses the endpoint of the attempt and sets the upstream URL. */
  public static final int ENDPOINT_SELECTION = RETRY + 100;

  /** Times each attempt per upstream endpoint, once the endpoint is chosen. */
  public static final int UPSTREAM_METRICS = ENDPOINT_SELECTION + 50;

  /** Starts the client span of the attempt and writes its trace headers (after the endpoint). */
  public static final int UPSTREAM_SPAN = ENDPOINT_SELECTION + 40;

  /** Times each upstream attempt for the access log, right before the routing filter sends it. */
  public static final int UPSTREAM_TIMING = ENDPOINT_SELECTION + 100;

  /** Relays a gRPC upstream's trailers once the attempt has its response headers. */
  public static final int GRPC_TRAILERS = UPSTREAM_TIMING + 50;

  private FilterOrder() {}
}
