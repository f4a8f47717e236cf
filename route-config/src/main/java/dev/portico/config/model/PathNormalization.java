package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;

/**
 * How request paths are normalized before routing and authorization. The matcher, the policies and
 * the upstream all see the one normalized path; requests whose paths cannot be normalized safely
 * are refused with 400.
 */
@Doc(
    "How request paths are normalized, once, before route matching and authorization. The route"
        + " matcher, the policies and the upstream all see the normalized path. See"
        + " docs/path-normalization.md.")
public record PathNormalization(
    @Doc("Collapse runs of slashes (`//admin` becomes `/admin`).") @Default("true")
        boolean mergeSlashes,
    @Doc(
            "Refuse (400) paths with an encoded slash (%2F) or backslash (%5C); false keeps them"
                + " encoded inside their segment.")
        @Default("true")
        boolean rejectEncodedSlashes,
    @Doc(
            "Refuse (400) paths with a `;` (path parameters such as `/admin;x=y`, which many"
                + " servers strip, so the upstream would see another path than the policy did);"
                + " false keeps them as part of the segment.")
        @Default("true")
        boolean rejectSemicolons) {

  /** The documented defaults: merge slashes, refuse encoded slashes and semicolons. */
  public static final PathNormalization DEFAULTS = new PathNormalization(true, true, true);
}
