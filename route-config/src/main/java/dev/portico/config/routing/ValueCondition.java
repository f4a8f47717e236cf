package dev.portico.config.routing;

import dev.portico.config.model.Regex;
import dev.portico.config.model.ValueMatch;
import java.util.List;

/** A compiled header or query condition: equals, whole-value regex, present or absent. */
record ValueCondition(String name, String equals, Regex regex, Boolean present) {

  static ValueCondition of(ValueMatch match) {
    return new ValueCondition(match.name(), match.equals(), match.regex(), match.present());
  }

  boolean test(List<String> values) {
    if (present != null) {
      return present != values.isEmpty();
    }
    for (String value : values) {
      if (equals != null ? equals.equals(value) : regex.matches(value)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    if (present != null) {
      return name + (present ? " present" : " absent");
    }
    return equals != null ? name + "=" + equals : name + "~" + regex;
  }
}
