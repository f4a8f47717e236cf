package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import java.util.List;

/** Gateway-wide authentication settings. */
@Doc("Gateway-wide authentication settings.")
public record AuthSettings(
    @Doc(
            "Request headers removed from every request before routing, so clients cannot"
                + " smuggle identity into the mesh. A trailing * matches a prefix.")
        @Default("[X-Portico-*]")
        List<String> stripHeaders,
    @Doc("Realm named in WWW-Authenticate challenges.") @Default("portico") String realm,
    @Doc("Largest token accepted; longer ones are refused before parsing.") @Default("8KB")
        ByteSize maxTokenSize,
    @Doc("Most verified tokens kept in memory (keyed by a hash of the token).")
        @Default("100000")
        @dev.portico.config.schema.Range(min = 0, max = 10_000_000)
        int tokenCacheSize,
    @Doc("Browser login sessions.") @Default("{}") SessionSettings session) {

  public AuthSettings {
    stripHeaders = Models.list(stripHeaders);
  }
}
