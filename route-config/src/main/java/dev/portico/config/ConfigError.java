package dev.portico.config;

/**
 * One problem in a configuration file, located precisely enough for an editor to jump to it.
 *
 * @param file the file name as given to the loader
 * @param line 1-based line
 * @param column 1-based column
 * @param path the YAML path of the offending value, e.g. {@code routes[3].timeout}; empty for the
 *     file as a whole
 * @param message what is wrong and what was expected
 */
public record ConfigError(String file, int line, int column, String path, String message) {

  /** Compiler style: {@code portico.yaml:12:14: routes[3].timeout: '5 sec' is not a duration …}. */
  public String format() {
    String where = file + ":" + line + ":" + column + ": ";
    return path.isEmpty() ? where + message : where + path + ": " + message;
  }

  @Override
  public String toString() {
    return format();
  }
}
