package dev.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineDiffTest {

  @Test
  void sameLinesGiveAnEmptyDiff() {
    assertThat(LineDiff.unified("a\nb\n", "a\nb\n", "x", "y")).isEmpty();
  }

  @Test
  void changedLineIsShownWithThreeLinesOfContextAndHunkRanges() {
    String before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    String after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
    assertThat(LineDiff.unified(before, after, "running", "new"))
        .isEqualTo(
            """
            --- running
            +++ new
            @@ -2,7 +2,7 @@
             2
             3
             4
            -5
            +five
             6
             7
             8
            """);
  }

  @Test
  void insertionIntoAnEmptyTextStartsAtLineZero() {
    assertThat(LineDiff.unified("", "a\nb\n", "x", "y"))
        .isEqualTo("--- x\n+++ y\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  }

  @Test
  void distantChangesMakeSeparateHunks() {
    StringBuilder before = new StringBuilder();
    for (int i = 1; i <= 20; i++) {
      before.append(i).append('\n');
    }
    String after =
        before.toString().replaceFirst("(?m)^2$", "two").replaceFirst("(?m)^19$", "nineteen");
    String diff = LineDiff.unified(before.toString(), after, "x", "y");
    assertThat(diff).contains("@@ -1,5 +1,5 @@").contains("@@ -16,5 +16,5 @@");
    assertThat(diff).contains("-2\n+two\n").contains("-19\n+nineteen\n");
  }
}
