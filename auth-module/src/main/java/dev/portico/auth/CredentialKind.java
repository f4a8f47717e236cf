package dev.portico.auth;

/** How a caller authenticated. Lower-case names are metric tag values. */
public enum CredentialKind {
  JWT,
  OPAQUE_TOKEN,
  API_KEY,
  SESSION;

  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
