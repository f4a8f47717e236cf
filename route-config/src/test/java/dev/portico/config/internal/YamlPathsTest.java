package dev.portico.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YamlPathsTest {

  @Test
  void childOfTheRootIsTheKey() {
    assertThat(YamlPaths.child("", "routes")).isEqualTo("routes");
  }

  @Test
  void childOfAPathIsJoinedWithADot() {
    assertThat(YamlPaths.child("gateway", "upstream-pool")).isEqualTo("gateway.upstream-pool");
  }

  @Test
  void indexIsWrittenInBrackets() {
    assertThat(YamlPaths.child(YamlPaths.index("routes", 3), "timeout"))
        .isEqualTo("routes[3].timeout");
  }

  @Test
  void keyThatIsNotPlainIsQuotedInBrackets() {
    assertThat(YamlPaths.child("upstreams", "orders service"))
        .isEqualTo("upstreams[\"orders service\"]");
    assertThat(YamlPaths.child("metadata", "app.kubernetes.io/name"))
        .isEqualTo("metadata[\"app.kubernetes.io/name\"]");
    assertThat(YamlPaths.child("", "a b")).isEqualTo("[\"a b\"]");
  }

  @Test
  void quotesInsideAQuotedKeyAreEscaped() {
    assertThat(YamlPaths.child("set", "say \"hi\"")).isEqualTo("set[\"say \\\"hi\\\"\"]");
  }

  @Test
  void parentDropsTheLastKeyOrIndex() {
    assertThat(YamlPaths.parent("routes[3].timeout")).isEqualTo("routes[3]");
    assertThat(YamlPaths.parent("routes[3]")).isEqualTo("routes");
    assertThat(YamlPaths.parent("routes")).isEmpty();
    assertThat(YamlPaths.parent("")).isEmpty();
  }

  @Test
  void parentDoesNotCutInsideAQuotedKey() {
    assertThat(YamlPaths.parent("routes[0].metadata[\"a.b[1]\"]")).isEqualTo("routes[0].metadata");
  }

  @Test
  void parentWalksUpToTheRoot() {
    String path =
        YamlPaths.child(YamlPaths.index(YamlPaths.child("upstreams", "orders"), 0), "url");

    assertThat(path).isEqualTo("upstreams.orders[0].url");
    assertThat(YamlPaths.parent(YamlPaths.parent(YamlPaths.parent(path)))).isEqualTo("upstreams");
  }
}
