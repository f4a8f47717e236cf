package dev.portico.config.schema;

import java.lang.reflect.RecordComponent;
import java.util.Locale;

/** The YAML spelling of model names: record components and enum constants in kebab-case. */
public final class ConfigNames {

  private ConfigNames() {}

  /** {@code maxBodySize} → {@code max-body-size}, unless {@link Key} names the key. */
  public static String key(RecordComponent component) {
    Key key = component.getAnnotation(Key.class);
    return key != null ? key.value() : kebab(component.getName());
  }

  /** {@code CONNECT_FAILURE} → {@code connect-failure}. */
  public static String enumValue(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String kebab(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        out.append('-').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
