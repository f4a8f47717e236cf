package dev.portico.config.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes of one host tier arranged by path segment. Collecting the candidates of a path costs one
 * step per segment (plus one branch per template variable), whatever the number of routes.
 * Immutable after building; safe to read from many threads.
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
      node.prefix.add(route);
    } else {
      node.terminal.add(route);
    }
  }

  /** Adds every route whose path pattern matches {@code segments} to {@code out}. */
  void collect(String[] segments, List<Ranked<T>> out) {
    collect(root, segments, 0, out);
  }

  private void collect(Node<T> node, String[] segments, int index, List<Ranked<T>> out) {
    out.addAll(node.prefix);
    if (index == segments.length) {
      out.addAll(node.terminal);
      return;
    }
    Node<T> literal = node.literals.get(segments[index]);
    if (literal != null) {
      collect(literal, segments, index + 1, out);
    }
    if (node.variable != null && !segments[index].isEmpty()) {
      collect(node.variable, segments, index + 1, out);
    }
  }

  /** A route with its global precedence rank (lower wins). */
  record Ranked<T>(int rank, RouteEntry<T> entry) {}

  private static final class Node<T> {
    final Map<String, Node<T>> literals = new HashMap<>();
    final List<Ranked<T>> terminal = new ArrayList<>(1);
    final List<Ranked<T>> prefix = new ArrayList<>(1);
    Node<T> variable;

    Node<T> literalChild(String segment) {
      return literals.computeIfAbsent(segment, s -> new Node<>());
    }

    Node<T> variableChild() {
      if (variable == null) {
        variable = new Node<>();
      }
      return variable;
    }
  }
}
