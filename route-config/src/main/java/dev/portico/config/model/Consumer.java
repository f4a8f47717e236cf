package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import java.util.List;
import java.util.Map;

/** A caller identified by an API key. */
@Doc("A caller identified by API key, with the identity and roles it carries.")
public record Consumer(
    @Doc(
            "SHA-256 hashes of the consumer's keys, as sha256:<64 hex digits>; `portico hash-key`"
                + " prints one. The keys themselves never appear in the file.")
        List<String> apiKeys,
    @Doc("A file with more key hashes, one per line (# starts a comment).") String apiKeysFile,
    @Doc("The subject the consumer is known by; the consumer's name when left out.") String subject,
    @Doc("Roles of the consumer, for authorization.") List<String> roles,
    @Doc("Scopes of the consumer, for authorization.") List<String> scopes,
    @Doc("Free-form attributes, e.g. plan: premium; readable by policies and rate limits.")
        Map<String, String> metadata) {

  public Consumer {
    apiKeys = Models.list(apiKeys);
    roles = Models.list(roles);
    scopes = Models.list(scopes);
    metadata = Models.map(metadata);
  }
}
