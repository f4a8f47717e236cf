package dev.portico.gateway.filter;

import org.springframework.http.HttpHeaders;

/** Applies a route's header edits in the documented order: remove, then set, then add. */
final class HeaderEditor {

  private HeaderEditor() {}

  static void apply(dev.portico.config.model.HeaderEdits edits, HttpHeaders headers) {
    edits.remove().forEach(headers::remove);
    edits.set().forEach(headers::set);
    edits.add().forEach(headers::add);
  }
}
