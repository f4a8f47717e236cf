package dev.portico.config.mesh;

/** An SVID file that cannot be used, naming which of the three files and why. */
public final class SvidException extends Exception {

  /** Which file is at fault. */
  public enum File {
    CERTIFICATE("certificate-file"),
    KEY("key-file"),
    TRUST_BUNDLE("trust-bundle-file");

    private final String key;

    File(String key) {
      this.key = key;
    }

    /** The configuration key naming the file. */
    public String key() {
      return key;
    }
  }

  private final File file;

  SvidException(File file, String message) {
    super(message);
    this.file = file;
  }

  public File file() {
    return file;
  }
}
