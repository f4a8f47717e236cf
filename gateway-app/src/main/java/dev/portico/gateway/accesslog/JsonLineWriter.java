package dev.portico.gateway.accesslog;

import dev.portico.gateway.internal.JsonStrings;

/**
 * Writes one JSON object on one line: nested objects, string and number fields, with commas and
 * escaping taken care of. Null values are left out, so optional fields need no checks at the call
 * site. Not thread-safe; one instance per line.
 */
final class JsonLineWriter {

  private final StringBuilder out = new StringBuilder(768);

  /** Whether the object being written already has a member (so the next one needs a comma). */
  private boolean hasMember;

  JsonLineWriter() {
    out.append('{');
  }

  JsonLineWriter begin(String name) {
    name(name);
    out.append('{');
    hasMember = false;
    return this;
  }

  JsonLineWriter end() {
    out.append('}');
    hasMember = true;
    return this;
  }

  JsonLineWriter field(String name, String value) {
    if (value != null) {
      name(name);
      JsonStrings.quote(value, out);
      hasMember = true;
    }
    return this;
  }

  JsonLineWriter field(String name, long value) {
    name(name);
    out.append(value);
    hasMember = true;
    return this;
  }

  JsonLineWriter field(String name, Long value) {
    return value == null ? this : field(name, value.longValue());
  }

  JsonLineWriter field(String name, boolean value) {
    name(name);
    out.append(value);
    hasMember = true;
    return this;
  }

  /** A field whose value is a list of one string, as ECS wants for categorization fields. */
  JsonLineWriter singletonArray(String name, String value) {
    name(name);
    out.append('[');
    JsonStrings.quote(value, out);
    out.append(']');
    hasMember = true;
    return this;
  }

  private void name(String name) {
    if (hasMember) {
      out.append(',');
    }
    JsonStrings.quote(name, out);
    out.append(':');
  }

  /** The finished line, without a line break. */
  String finish() {
    return out.append('}').toString();
  }
}
