package dev.portico.config.model;

import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Required;

/** A condition on a named header or query parameter; exactly one of the tests is set. */
@Doc("A condition on a header or query parameter. Set exactly one of equals, regex, present.")
public record ValueMatch(
    @Doc("Header or parameter name (header names ignore case).") @Required String name,
    @Doc("The value must equal this exactly.") String equals,
    @Doc("The whole value must match this regular expression.") Regex regex,
    @Doc("true: the header or parameter must be present; false: it must be absent.")
        Boolean present) {}
