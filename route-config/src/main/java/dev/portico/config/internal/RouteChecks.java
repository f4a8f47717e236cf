package dev.portico.config.internal;

import dev.portico.config.model.PathNormalization;
import dev.portico.config.model.Route;
import dev.portico.config.model.RouteMatch;
import dev.portico.config.model.ValueMatch;
import dev.portico.config.routing.HostPattern;
import dev.portico.config.routing.PathNormalizer;
import dev.portico.config.routing.PathPattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The per-route half of {@link ConfigValidator}. */
final class RouteChecks {

  private static final Pattern METHOD = Pattern.compile("[A-Z]{1,20}");
  private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

  private final Diagnostics diagnostics;
  private final ConfigValidator shared;
  private PathNormalizer normalizer = PathNormalizer.of(PathNormalization.DEFAULTS);

  RouteChecks(Diagnostics diagnostics, ConfigValidator shared) {
    this.diagnostics = diagnostics;
    this.shared = shared;
  }

  private void checkUpstreams(
      String path, Route route, Set<String> upstreams, boolean upstreamsUnbound) {
    if (route.upstream() == null && route.split() == null) {
      if (!diagnostics.hasErrorsAt(YamlPaths.child(path, "split"))
          && !diagnostics.hasErrorsAt(YamlPaths.child(path, "upstream"))) {
        diagnostics.error(
            YamlPaths.child(path, "upstream"),
            "missing (required, unless the route splits over several upstreams with split)");
      }
      return;
    }
    if (route.upstream() != null && route.split() != null) {
      diagnostics.error(
          YamlPaths.child(path, "split"),
          "a route has either upstream or split, not both; list '"
              + route.upstream()
              + "' in the split instead");
      return;
    }
    if (route.upstream() != null) {
      checkUpstreamReference(
          YamlPaths.child(path, "upstream"), route.upstream(), upstreams, upstreamsUnbound);
      return;
    }
    String split = YamlPaths.child(path, "split");
    boolean anyWeight = false;
    for (Map.Entry<String, Integer> bucket : route.split().upstreams().entrySet()) {
      String at = YamlPaths.child(YamlPaths.child(split, "upstreams"), bucket.getKey());
      checkUpstreamReference(at, bucket.getKey(), upstreams, upstreamsUnbound);
      Integer weight = bucket.getValue();
      if (weight != null && (weight < 0 || weight > 10_000)) {
        diagnostics.error(at, weight + " is out of range (expected 0..10000)");
      }
      anyWeight |= weight != null && weight > 0;
    }
    if (!route.split().upstreams().isEmpty() && !anyWeight) {
      diagnostics.error(
          YamlPaths.child(split, "upstreams"), "every weight is 0, so no upstream takes traffic");
    }
    String keyProblem =
        route.split().key() == null ? null : UpstreamChecks.hashKeyProblem(route.split().key());
    if (keyProblem != null) {
      diagnostics.error(YamlPaths.child(split, "key"), keyProblem);
    }
    shared.checkHeaderName(YamlPaths.child(split, "force-header"), route.split().forceHeader());
  }

  /** A reference to an upstream whose definition failed to bind is not reported again. */
  private void checkUpstreamReference(
      String at, String name, Set<String> upstreams, boolean upstreamsUnbound) {
    if (upstreams.contains(name)
        || upstreamsUnbound
        || diagnostics.hasErrorsAt(YamlPaths.child("upstreams", name))) {
      return;
    }
    String hint =
        Suggestions.closest(name, upstreams)
            .map(s -> "; did you mean '" + s + "'?")
            .orElse(
                upstreams.isEmpty()
                    ? " (no upstreams are defined)"
                    : " (defined: " + String.join(", ", upstreams) + ")");
    diagnostics.error(at, "unknown upstream '" + name + "'" + hint);
  }

  /**
   * @param normalization how request paths are normalized (patterns must be in that normal form)
   */
  void checkRoutes(List<Route> routes, Set<String> upstreams, PathNormalization normalization) {
    if (normalization != null) {
      normalizer = PathNormalizer.of(normalization);
    }
    boolean upstreamsUnbound =
        diagnostics.errors().stream().anyMatch(e -> e.path().equals("upstreams"));
    Map<String, Integer> ids = new HashMap<>();
    Map<String, Integer> conditions = new HashMap<>();
    for (int i = 0; i < routes.size(); i++) {
      Route route = routes.get(i);
      String path = YamlPaths.index("routes", i);
      if (route.id() != null) {
        checkId(path, route.id(), i, ids, routes);
      }
      checkUpstreams(path, route, upstreams, upstreamsUnbound);
      PathPattern pattern =
          route.match() == null ? null : checkMatch(YamlPaths.child(path, "match"), route.match());
      checkPathTransforms(path, route, pattern);
      shared.checkHeaderEdits(YamlPaths.child(path, "request-headers"), route.requestHeaders());
      shared.checkHeaderEdits(YamlPaths.child(path, "response-headers"), route.responseHeaders());
      shared.checkRetries(YamlPaths.child(path, "retries"), route.retries());
      shared.checkCors(YamlPaths.child(path, "cors"), route.cors());
      shared.positive(YamlPaths.child(path, "timeout"), route.timeout());
      if (route.maxBodySize() != null && route.maxBodySize().bytes() == 0) {
        diagnostics.error(YamlPaths.child(path, "max-body-size"), "must be greater than 0");
      }
      if (route.match() != null && pattern != null) {
        checkShadowed(path, route, i, conditions, routes);
      }
    }
  }

  private void checkId(
      String path, String id, int index, Map<String, Integer> ids, List<Route> routes) {
    String idPath = YamlPaths.child(path, "id");
    if (!ConfigValidator.NAME.matcher(id).matches()) {
      diagnostics.error(
          idPath, "'" + id + "' is not a valid route id (letters, digits, . _ -; at most 128)");
    }
    Integer first = ids.putIfAbsent(id, index);
    if (first != null) {
      SourcePosition at =
          diagnostics.sourceMap().find(YamlPaths.child(YamlPaths.index("routes", first), "id"));
      diagnostics.error(
          idPath,
          "duplicate route id '" + id + "' (first used at " + at.line() + ":" + at.column() + ")");
    }
  }

  /**
   * Requests are matched on their normalized path, so a pattern that normalization would change
   * ({@code //}, dot segments, {@code %7E}, lower-case escapes) or refuse ({@code ;} by default)
   * could never match.
   */
  private void checkNormalForm(String path, String source) {
    String literal = source.endsWith("/**") ? source.substring(0, source.length() - 2) : source;
    literal = literal.replaceAll("\\{[^/{}]*}", "x");
    PathNormalizer.Result result = normalizer.normalize(literal);
    if (result instanceof PathNormalizer.Result.Refused refused) {
      diagnostics.error(
          path,
          "'"
              + source
              + "' can never match: requests with such paths are refused with 400 ("
              + refused.reason()
              + ")");
    } else if (!((PathNormalizer.Result.Normalized) result).path().equals(literal)) {
      String normalized = ((PathNormalizer.Result.Normalized) result).path();
      diagnostics.error(
          path,
          "'"
              + source
              + "' can never match: request paths are normalized before matching, so write it"
              + " in normal form (this part becomes '"
              + normalized
              + "')");
    }
  }

  private PathPattern checkMatch(String path, RouteMatch match) {
    PathPattern pattern = null;
    if (match.path() != null) {
      try {
        pattern = PathPattern.parse(match.path());
        checkNormalForm(YamlPaths.child(path, "path"), match.path());
      } catch (IllegalArgumentException e) {
        diagnostics.error(YamlPaths.child(path, "path"), e.getMessage());
      }
    }
    for (int i = 0; i < match.hosts().size(); i++) {
      try {
        HostPattern.parse(match.hosts().get(i));
      } catch (IllegalArgumentException e) {
        diagnostics.error(YamlPaths.index(YamlPaths.child(path, "hosts"), i), e.getMessage());
      }
    }
    for (int i = 0; i < match.methods().size(); i++) {
      checkMethod(
          diagnostics,
          YamlPaths.index(YamlPaths.child(path, "methods"), i),
          match.methods().get(i));
    }
    checkValueMatches(YamlPaths.child(path, "headers"), match.headers(), true);
    checkValueMatches(YamlPaths.child(path, "query"), match.query(), false);
    return pattern;
  }

  static void checkMethod(Diagnostics diagnostics, String path, String method) {
    if (!METHOD.matcher(method).matches()) {
      String upper = method.toUpperCase(java.util.Locale.ROOT);
      String hint =
          METHOD.matcher(upper).matches() ? " (methods are upper case: " + upper + ")" : "";
      diagnostics.error(path, "'" + method + "' is not an HTTP method" + hint);
    }
  }

  private void checkValueMatches(String path, List<ValueMatch> matches, boolean header) {
    for (int i = 0; i < matches.size(); i++) {
      ValueMatch match = matches.get(i);
      String itemPath = YamlPaths.index(path, i);
      if (header && match.name() != null) {
        shared.checkHeaderName(YamlPaths.child(itemPath, "name"), match.name());
      }
      List<String> tests = new ArrayList<>();
      if (match.equals() != null) {
        tests.add("equals");
      }
      if (match.regex() != null) {
        tests.add("regex");
      }
      if (match.present() != null) {
        tests.add("present");
      }
      if (tests.isEmpty() && !diagnostics.hasErrorsAt(itemPath)) {
        diagnostics.error(itemPath, "needs one of equals, regex or present");
      } else if (tests.size() > 1) {
        diagnostics.error(itemPath, "sets " + String.join(" and ", tests) + "; set exactly one");
      }
    }
  }

  private void checkPathTransforms(String path, Route route, PathPattern pattern) {
    if (route.rewritePath() != null && route.stripPrefix() > 0) {
      diagnostics.error(
          YamlPaths.child(path, "strip-prefix"),
          "cannot be combined with rewrite-path (let the rewrite drop the prefix)");
    }
    if (pattern != null && route.stripPrefix() > pattern.segments().size()) {
      int fixed = pattern.segments().size();
      diagnostics.error(
          YamlPaths.child(path, "strip-prefix"),
          "strips "
              + route.stripPrefix()
              + " segments, but the path pattern '"
              + pattern.source()
              + "' guarantees only "
              + fixed
              + (fixed == 1 ? " segment" : " segments"));
    }
    if (route.rewritePath() != null
        && route.rewritePath().regex() != null
        && route.rewritePath().replacement() != null) {
      checkReplacement(
          YamlPaths.child(YamlPaths.child(path, "rewrite-path"), "replacement"), route);
    }
  }

  /**
   * Reads the replacement the way {@link Matcher#replaceFirst(String)} will, so every reference it
   * would reject at request time is reported now: a backslash escapes the next character, {@code
   * ${name}} needs a named group, {@code $n} reads its first digit as the group (further digits
   * only while they still name a group), and any other {@code $} is illegal.
   */
  private void checkReplacement(String path, Route route) {
    Pattern regex = route.rewritePath().regex().pattern();
    Set<String> names = new TreeSet<>();
    Matcher named = NAMED_GROUP.matcher(regex.pattern());
    while (named.find()) {
      names.add(named.group(1));
    }
    int groups = regex.matcher("").groupCount();
    String replacement = route.rewritePath().replacement();
    for (int i = 0; i < replacement.length(); i++) {
      char c = replacement.charAt(i);
      if (c == '\\') {
        i++;
        if (i == replacement.length()) {
          diagnostics.error(path, "ends with a lone \\ (write \\\\ for a backslash)");
        }
        continue;
      }
      if (c != '$') {
        continue;
      }
      char next = i + 1 < replacement.length() ? replacement.charAt(i + 1) : ' ';
      if (next == '{') {
        int close = replacement.indexOf('}', i + 2);
        if (close < 0) {
          diagnostics.error(path, "has ${ without a closing }");
          return;
        }
        String name = replacement.substring(i + 2, close);
        if (!names.contains(name)) {
          diagnostics.error(
              path,
              "refers to group '"
                  + name
                  + "', which the regex does not define"
                  + (names.isEmpty() ? "" : " (named groups: " + String.join(", ", names) + ")"));
        }
        i = close;
      } else if (next >= '0' && next <= '9') {
        if (next - '0' > groups) {
          diagnostics.error(
              path,
              "refers to group $"
                  + next
                  + ", but the regex has "
                  + (groups == 0
                      ? "no groups"
                      : "only " + groups + (groups == 1 ? " group" : " groups")));
        }
        i++;
      } else {
        diagnostics.error(
            path,
            "has a $ that is not a group reference ($1 or ${name}); write \\$ for a dollar sign");
      }
    }
    if (!replacement.startsWith("/") && !replacement.startsWith("$")) {
      diagnostics.error(path, "must produce a path starting with /");
    }
  }

  /** A route whose conditions equal an earlier route's can never be chosen. */
  private void checkShadowed(
      String path, Route route, int index, Map<String, Integer> seen, List<Route> routes) {
    RouteMatch m = route.match();
    String key =
        m.path()
            + "|"
            + new TreeSet<>(m.hosts())
            + "|"
            + new TreeSet<>(m.methods())
            + "|"
            + m.headers()
            + "|"
            + m.query();
    Integer first = seen.putIfAbsent(key, index);
    if (first != null) {
      diagnostics.error(
          YamlPaths.child(path, "match"),
          "same conditions as route '"
              + routes.get(first).id()
              + "', which comes first, so this route can never match");
    }
  }
}
