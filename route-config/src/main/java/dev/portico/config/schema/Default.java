package dev.portico.config.schema;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a key takes when the file leaves it out, written as it would be in YAML ({@code "2s"},
 * {@code "1"}). For a section (a nested record) the value {@code "{}"} means "an empty section", so
 * the section's own defaults apply; sections without this annotation are absent ({@code null}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
  String value();
}
