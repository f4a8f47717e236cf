package dev.portico.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that failed validation, carrying every error found, in file order. */
public final class ConfigRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<ConfigError> errors;

  public ConfigRejectedException(List<ConfigError> errors) {
    super(
        errors.size()
            + (errors.size() == 1 ? " error" : " errors")
            + " in configuration:\n"
            + errors.stream().map(ConfigError::format).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<ConfigError> errors() {
    return errors;
  }
}
