package dev.portico.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff (as {@code diff -u} prints it, three lines of context) of two texts, by longest
 * common subsequence of their lines. Stateless and thread-safe. Meant for configuration files:
 * beyond {@link #MAX_CELLS} compared line pairs the changed middle is shown as replaced wholesale
 * rather than computed line by line.
 */
public final class LineDiff {

  /** The largest LCS table computed (lines of a × lines of b, after common ends are trimmed). */
  static final long MAX_CELLS = 4_000_000;

  private static final int CONTEXT = 3;

  private enum Op {
    SAME,
    DELETE,
    INSERT
  }

  private record Edit(Op op, String line, int oldLine, int newLine) {}

  private LineDiff() {}

  /**
   * @return the unified diff, or "" when the texts have the same lines
   */
  public static String unified(String before, String after, String beforeName, String afterName) {
    List<Edit> edits = edits(lines(before), lines(after));
    if (edits.stream().allMatch(e -> e.op() == Op.SAME)) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(beforeName).append('\n');
    out.append("+++ ").append(afterName).append('\n');
    int i = 0;
    while (i < edits.size()) {
      if (edits.get(i).op() == Op.SAME) {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = hunkEnd(edits, i);
      hunk(edits.subList(start, end), out);
      i = end;
    }
    return out.toString();
  }

  /** Where the hunk with its first change at {@code first} ends (exclusive). */
  private static int hunkEnd(List<Edit> edits, int first) {
    int end = first;
    int lastChange = first;
    while (end < edits.size()) {
      if (edits.get(end).op() != Op.SAME) {
        lastChange = end;
      } else if (end - lastChange > 2 * CONTEXT) {
        break;
      }
      end++;
    }
    return Math.min(edits.size(), lastChange + CONTEXT + 1);
  }

  private static void hunk(List<Edit> edits, StringBuilder out) {
    int oldStart = -1;
    int newStart = -1;
    int oldCount = 0;
    int newCount = 0;
    StringBuilder body = new StringBuilder();
    for (Edit e : edits) {
      if (e.op() != Op.INSERT) {
        oldCount++;
        oldStart = oldStart < 0 ? e.oldLine() : oldStart;
      }
      if (e.op() != Op.DELETE) {
        newCount++;
        newStart = newStart < 0 ? e.newLine() : newStart;
      }
      char mark = e.op() == Op.SAME ? ' ' : e.op() == Op.DELETE ? '-' : '+';
      body.append(mark).append(e.line()).append('\n');
    }
    out.append("@@ -")
        .append(range(oldStart, oldCount, edits.get(0).oldLine()))
        .append(" +")
        .append(range(newStart, newCount, edits.get(0).newLine()))
        .append(" @@\n")
        .append(body);
  }

  /** "start,count" with 1-based start; an empty range names the line before it (diff -u). */
  private static String range(int start, int count, int fallback) {
    int first = count == 0 ? fallback - 1 : start;
    return (first + 1) + "," + count;
  }

  static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static List<Edit> edits(List<String> a, List<String> b) {
    int prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < a.size() - prefix
        && suffix < b.size() - prefix
        && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
      suffix++;
    }
    List<Edit> edits = new ArrayList<>();
    for (int i = 0; i < prefix; i++) {
      edits.add(new Edit(Op.SAME, a.get(i), i, i));
    }
    middle(
        a.subList(prefix, a.size() - suffix), b.subList(prefix, b.size() - suffix), prefix, edits);
    for (int k = suffix; k > 0; k--) {
      int i = a.size() - k;
      int j = b.size() - k;
      edits.add(new Edit(Op.SAME, a.get(i), i, j));
    }
    return edits;
  }

  private static void middle(List<String> a, List<String> b, int offset, List<Edit> edits) {
    int n = a.size();
    int m = b.size();
    if ((long) n * m > MAX_CELLS) {
      for (int i = 0; i < n; i++) {
        edits.add(new Edit(Op.DELETE, a.get(i), offset + i, offset));
      }
      for (int j = 0; j < m; j++) {
        edits.add(new Edit(Op.INSERT, b.get(j), offset + n, offset + j));
      }
      return;
    }
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        edits.add(new Edit(Op.SAME, a.get(i), offset + i++, offset + j++));
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        edits.add(new Edit(Op.DELETE, a.get(i), offset + i++, offset + j));
      } else {
        edits.add(new Edit(Op.INSERT, b.get(j), offset + i, offset + j++));
      }
    }
  }
}
