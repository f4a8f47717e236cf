package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Required;

/** A regular-expression path rewrite. */
@Doc(
    "Rewrite of the forwarded path: regex is matched against the path, replacement may use"
        + " ${name} or $1 groups.")
public record RewritePath(
    @Doc("Regular expression matched against the whole request path.") @Required Regex regex,
    @Doc("The new path; ${name} and $1 refer to groups of the regex.") @Required
        String replacement) {}
