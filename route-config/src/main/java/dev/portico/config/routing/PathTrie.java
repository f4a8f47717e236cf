package dev.portico.config.routing;

import java.util.Arrays;

/**
 * Routes of one host tier arranged by path segment. A lookup walks the request path in place (no
 * splitting, no substrings): one table probe per segment, plus one branch per template variable,
 * whatever the number of routes. Immutable after building; safe to read from many threads.
 */
final class PathTrie<T> {

  private final Node<T> root = new Node<>();

  void insert(Ranked<T> route) {
    PathPattern pattern = route.entry().conditions().path();
    Node<T> node = root;
    for (int i = 0; i < pattern.segments().size(); i++) {
      node =
          pattern.isVariable(i)
              ? node.variableChild()
              : node.literalChild(pattern.segments().get(i));
    }
    if (pattern.kind() == PathPattern.Kind.PREFIX) {
      node.prefix = append(node.prefix, route);
    } else {
      node.terminal = append(node.terminal, route);
    }
  }

  /** Offers every route whose path pattern matches {@code path} to {@code visitor}. */
  void visit(String path, Visitor<T> visitor) {
    visit(root, path, firstSegment(path), visitor);
  }

  private void visit(Node<T> node, String path, int start, Visitor<T> visitor) {
    visitor.offer(node.prefix);
    if (start < 0) {
      visitor.offer(node.terminal);
      return;
    }
    int slash = path.indexOf('/', start);
    int end = slash < 0 ? path.length() : slash;
    int next = slash < 0 ? -1 : slash + 1;
    Node<T> literal = node.literals == null ? null : node.literals.get(path, start, end);
    if (literal != null) {
      visit(literal, path, next, visitor);
    }
    if (node.variable != null && end > start) {
      visit(node.variable, path, next, visitor);
    }
  }

  /**
   * Where the first segment starts: 1 for {@code /a...}; -1 (no segments) for {@code /} and the
   * empty path. A trailing slash makes a last, empty segment, as in {@code "a/".split("/", -1)}.
   */
  static int firstSegment(String path) {
    if (path.isEmpty() || path.equals("/")) {
      return -1;
    }
    return path.charAt(0) == '/' ? 1 : 0;
  }

  private static <T> Ranked<T>[] append(Ranked<T>[] routes, Ranked<T> route) {
    Ranked<T>[] out = Arrays.copyOf(routes, routes.length + 1);
    out[routes.length] = route;
    return out;
  }

  /** Receives candidate routes during a walk. */
  interface Visitor<T> {
    void offer(Ranked<T>[] candidates);
  }

  private static final class Node<T> {
    @SuppressWarnings("unchecked")
    Ranked<T>[] terminal = new Ranked[0];

    @SuppressWarnings("unchecked")
    Ranked<T>[] prefix = new Ranked[0];

    RegionTable<Node<T>> literals;
    Node<T> variable;

    Node<T> literalChild(String segment) {
      if (literals == null) {
        literals = new RegionTable<>();
      }
      return literals.computeIfAbsent(segment, Node::new);
    }

    Node<T> variableChild() {
      if (variable == null) {
        variable = new Node<>();
      }
      return variable;
    }
  }
}
