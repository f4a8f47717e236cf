package dev.portico.config.routing;

import java.util.List;

/**
 * What route matching reads of a request. Implementations adapt the server's request type; they are
 * expected to be cheap views, not copies.
 */
public interface RequestView {

  /** Upper-case method, e.g. {@code GET}. */
  String method();

  /** Normalized host (see {@link HostPattern#normalize}); empty when absent. */
  String host();

  /** The request path, starting with {@code /}, without query. */
  String path();

  /** All values of a header (name case-insensitive); empty when absent. */
  List<String> headers(String name);

  /** All values of a query parameter; empty when absent. */
  List<String> queryParams(String name);
}
