package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;
import java.util.List;

/** Who may use the admin API and console on the management port, and where changes are kept. */
@Doc(
    "The admin API and web console on the management port: who may sign in, and where changes"
        + " are recorded. Without this block the console and the API answer 404.")
public record AdminSettings(
    @Doc(
            "Name of the issuers entry (with a login block) operators sign in with; the console"
                + " uses browser login, scripts send that issuer's access tokens as Bearer tokens."
                + " Needs gateway.auth.session.secret.")
        String issuer,
    @Doc("Roles (from the issuer's roles claim) that may read and change everything.")
        List<String> adminRoles,
    @Doc("Roles that may read everything but change nothing (GET only).")
        List<String> readOnlyRoles,
    @Doc(
            "SHA-256 (64 hex digits) of a bootstrap admin token for a first start without an"
                + " identity provider: `Authorization: Bearer <token>` grants the admin role;"
                + " e.g. `printf %s \"$TOKEN\" | sha256sum`.")
        String bootstrapTokenSha256,
    @Doc(
            "File every change is appended to, one JSON line each; relative paths are resolved"
                + " against the configuration file's directory.")
        @Default("portico-audit.jsonl")
        String auditLog,
    @Doc(
            "How many applied configuration versions are kept (in portico-history/ beside the"
                + " configuration file) for rollback.")
        @Default("20")
        @Range(min = 1, max = 1000)
        int historySize) {

  public AdminSettings {
    adminRoles = Models.list(adminRoles);
    readOnlyRoles = Models.list(readOnlyRoles);
  }
}
