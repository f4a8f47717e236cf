package dev.portico.config;

import dev.portico.config.internal.ConfigValidator;
import dev.portico.config.internal.Diagnostics;
import dev.portico.config.internal.Interpolation;
import dev.portico.config.internal.SourcePosition;
import dev.portico.config.internal.YamlBinder;
import dev.portico.config.internal.YamlDocuments;
import dev.portico.config.model.PorticoConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a configuration file into a validated {@link PorticoConfig}, or rejects it with every error
 * found. Stateless and thread-safe. Does not block on anything but the file read.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /**
   * Loads and validates {@code file}.
   *
   * @throws ConfigRejectedException listing every problem, each at its line and column
   * @throws IOException if the file cannot be read
   */
  public static LoadedConfig load(Path file) throws IOException, ConfigRejectedException {
    return parse(file.toString(), Files.readAllBytes(file));
  }

  /**
   * Validates the bytes of a file called {@code fileName} (UTF-8).
   *
   * @throws ConfigRejectedException listing every problem, each at its line and column
   */
  public static LoadedConfig parse(String fileName, byte[] bytes) throws ConfigRejectedException {
    return parse(fileName, decode(fileName, bytes));
  }

  /**
   * Validates {@code text} as if read from a file called {@code fileName}.
   *
   * @throws ConfigRejectedException listing every problem, each at its line and column
   */
  public static LoadedConfig parse(String fileName, String text) throws ConfigRejectedException {
    return parse(fileName, text, System.getenv());
  }

  /**
   * Validates {@code text}, resolving {@code ${env:NAME}} references against {@code environment}.
   *
   * @throws ConfigRejectedException listing every problem, each at its line and column
   */
  public static LoadedConfig parse(String fileName, String text, Map<String, String> environment)
      throws ConfigRejectedException {
    Diagnostics diagnostics = new Diagnostics(fileName, text);
    Node root = YamlDocuments.compose(text, diagnostics);
    if (root == null && !diagnostics.hasErrors()) {
      diagnostics.add(
          SourcePosition.START,
          "",
          "the file is empty (expected a mapping with at least 'routes')");
    }
    if (root != null && !(root instanceof MappingNode)) {
      diagnostics.error(
          root, "", "expected a mapping at the top level (gateway, upstreams, routes)");
      root = null;
    }
    if (root != null) {
      PorticoConfig config =
          new YamlBinder(diagnostics, new Interpolation(environment))
              .bindRoot(root, PorticoConfig.class);
      new ConfigValidator(diagnostics).validate(config);
      if (!diagnostics.hasErrors()) {
        return new LoadedConfig(fileName, config, text);
      }
    }
    throw new ConfigRejectedException(diagnostics.errors());
  }

  private static String decode(String fileName, byte[] bytes) throws ConfigRejectedException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      // Everything before the bad byte decoded fine, so its line and column can be counted.
      String before = new String(bytes, 0, in.position(), StandardCharsets.UTF_8);
      int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
      int column = before.length() - (before.lastIndexOf('\n') + 1) + 1;
      throw new ConfigRejectedException(
          List.of(new ConfigError(fileName, line, column, "", "the file is not valid UTF-8")));
    }
    decoder.flush(out);
    return out.flip().toString();
  }
}
