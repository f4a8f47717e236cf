package dev.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code src/test/resources/invalid} starts with {@code # expect: line:col path:
 * message} lines; loading the file must be rejected with exactly those errors, in that order.
 */
class InvalidConfigCorpusTest {

  private static final Path CORPUS = Path.of("src/test/resources/invalid");
  private static final String EXPECT = "# expect: ";

  static Stream<Path> corpus() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void corpusHasAtLeastThirtyFiveFilesEachWithExpectations() throws IOException {
    List<Path> files = corpus().toList();

    assertThat(files).hasSizeGreaterThanOrEqualTo(35);
    for (Path file : files) {
      assertThat(expectedErrors(file)).as(file.toString()).isNotEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void fileIsRejectedWithExactlyTheExpectedErrors(Path file) throws IOException {
    ConfigRejectedException rejected =
        catchThrowableOfType(ConfigRejectedException.class, () -> ConfigLoader.load(file));

    assertThat(rejected).as("%s was accepted", file).isNotNull();
    assertThat(rejected.errors()).allSatisfy(e -> assertThat(e.file()).isEqualTo(file.toString()));
    assertThat(rejected.errors().stream().map(InvalidConfigCorpusTest::format).toList())
        .containsExactlyElementsOf(expectedErrors(file));
  }

  private static String format(ConfigError error) {
    String where = error.line() + ":" + error.column() + " ";
    return error.path().isEmpty()
        ? where + error.message()
        : where + error.path() + ": " + error.message();
  }

  /** The header may sit in front of bytes that are not UTF-8, so it is read byte for byte. */
  private static List<String> expectedErrors(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    return text.lines()
        .takeWhile(line -> line.startsWith("#"))
        .filter(line -> line.startsWith(EXPECT))
        .map(
            line ->
                new String(
                    line.substring(EXPECT.length()).getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8))
        .toList();
  }
}
