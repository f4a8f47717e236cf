package dev.portico.config.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpolationTest {

  private final Interpolation interpolation =
      new Interpolation(Map.of("HOST", "orders", "EMPTY", ""));

  @Test
  void environmentReferencesAreReplaced() {
    assertThat(interpolation.apply("http://${env:HOST}:8080")).isEqualTo("http://orders:8080");
  }

  @Test
  void fallbackAppliesOnlyWhenTheVariableIsUnset() {
    assertThat(interpolation.apply("${env:PORT:-9090}")).isEqualTo("9090");
    assertThat(interpolation.apply("${env:HOST:-other}")).isEqualTo("orders");
    assertThat(interpolation.apply("[${env:EMPTY:-x}]")).isEqualTo("[]");
  }

  @Test
  void unsetVariableWithoutFallbackIsAnError() {
    assertThatThrownBy(() -> interpolation.apply("${env:SECRET}"))
        .hasMessage(
            "environment variable SECRET is not set (write ${env:SECRET:-fallback} for a fallback)");
  }

  @Test
  void fileReferenceReadsTheFileWithoutTrailingNewline(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "s3cr3t\n");
    assertThat(new Interpolation(Map.of()).apply("${file:" + secret + "}")).isEqualTo("s3cr3t");
  }

  @Test
  void missingFileIsAnErrorThatDoesNotEchoContent() {
    assertThatThrownBy(() -> interpolation.apply("${file:/nonexistent/x}"))
        .hasMessage("cannot read /nonexistent/x (NoSuchFileException)");
  }

  @Test
  void otherPlaceholdersAndEscapesAreLeftAsWritten() {
    assertThat(interpolation.apply("/users/${id}/profile")).isEqualTo("/users/${id}/profile");
    assertThat(interpolation.apply("$${env:HOST}")).isEqualTo("${env:HOST}");
    assertThat(interpolation.apply("no dollars")).isEqualTo("no dollars");
  }
}
