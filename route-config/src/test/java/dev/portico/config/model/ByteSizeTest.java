package dev.portico.config.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

  @Test
  void plainNumberIsBytes() {
    assertThat(ByteSize.parse("512").bytes()).isEqualTo(512);
    assertThat(ByteSize.parse("512B").bytes()).isEqualTo(512);
  }

  @ParameterizedTest
  @CsvSource({"64KB, 65536", "10MB, 10485760", "1GB, 1073741824"})
  void unitsAreBinary(String text, long bytes) {
    assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
  }

  @Test
  void iecUnitsAreSynonyms() {
    assertThat(ByteSize.parse("64KiB")).isEqualTo(ByteSize.parse("64KB"));
    assertThat(ByteSize.parse("10MiB")).isEqualTo(ByteSize.parse("10MB"));
    assertThat(ByteSize.parse("1GiB")).isEqualTo(ByteSize.parse("1GB"));
  }

  @Test
  void unitsIgnoreCaseAndMayFollowASpace() {
    assertThat(ByteSize.parse("64kb").bytes()).isEqualTo(65536);
    assertThat(ByteSize.parse("10 MB").bytes()).isEqualTo(10 * 1024 * 1024);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10 megabytes", "1TB", "-1MB", "1.5MB", "MB", "", "1234567890123"})
  void rejectsTextThatIsNotASizeNamingTheExpectedSyntax(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ByteSize.parse(text))
        .withMessage("'" + text + "' is not a size (expected a size like 512, 64KB, 10MB or 1GB)");
  }

  @Test
  void rejectsASizeThatOverflowsWithAnArgumentError() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ByteSize.parse("999999999999GB"))
        .withMessage("'999999999999GB' is too large (at most 8589934591GB)");
  }

  @Test
  void negativeBytesAreRejectedByTheConstructor() {
    assertThatIllegalArgumentException().isThrownBy(() -> ByteSize.ofBytes(-1));
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "512, 512", "1536, 1536", "65536, 64KB", "1048576, 1MB", "1073741824, 1GB"})
  void printsTheLargestWholeUnit(long bytes, String expected) {
    assertThat(ByteSize.ofBytes(bytes)).hasToString(expected);
  }

  @Test
  void ofMegabytesMultipliesByBinaryMegabytes() {
    assertThat(ByteSize.ofMegabytes(2).bytes()).isEqualTo(2L * 1024 * 1024);
  }
}
