package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import java.time.Duration;

/** The Strict-Transport-Security header the listener sends. */
@Doc("The Strict-Transport-Security header (RFC 6797) sent on every response of the listener.")
public record Hsts(
    @Doc("How long browsers remember to use https only (max-age, in whole seconds).")
        @Default("365d")
        Duration maxAge,
    @Doc("Adds includeSubDomains: the rule covers every subdomain too.") @Default("false")
        boolean includeSubdomains,
    @Doc(
            "Adds preload, for the browsers' preload lists (needs include-subdomains and a"
                + " max-age of at least one year).")
        @Default("false")
        boolean preload) {

  /** The header value, e.g. {@code max-age=31536000; includeSubDomains}. */
  public String headerValue() {
    StringBuilder value = new StringBuilder("max-age=").append(maxAge.toSeconds());
    if (includeSubdomains) {
      value.append("; includeSubDomains");
    }
    if (preload) {
      value.append("; preload");
    }
    return value.toString();
  }
}
