package dev.portico.config.routing;

import dev.portico.config.model.RewritePath;
import dev.portico.config.model.Route;
import java.util.regex.Matcher;

/**
 * Computes the path forwarded to the upstream from the request path: unchanged, with leading
 * segments stripped, or rewritten by a regular expression. Compiled once per route; immutable and
 * thread-safe. Works on the raw (still percent-encoded) path, so encoded characters pass through
 * untouched.
 */
public abstract sealed class PathRewriter {

  private static final PathRewriter IDENTITY = new Identity();

  /** The rewriter a route asks for. */
  public static PathRewriter of(Route route) {
    if (route.rewritePath() != null) {
      return new RegexRewrite(route.rewritePath());
    }
    if (route.stripPrefix() > 0) {
      return new StripPrefix(route.stripPrefix());
    }
    return IDENTITY;
  }

  /** The upstream path for {@code path}; always starts with {@code /}. */
  public abstract String apply(String path);

  /** Whether this rewriter leaves every path unchanged. */
  public boolean isIdentity() {
    return this == IDENTITY;
  }

  private static final class Identity extends PathRewriter {
    @Override
    public String apply(String path) {
      return path;
    }
  }

  private static final class StripPrefix extends PathRewriter {
    private final int segments;

    StripPrefix(int segments) {
      this.segments = segments;
    }

    @Override
    public String apply(String path) {
      int cut = 0;
      for (int i = 0; i < segments; i++) {
        int next = path.indexOf('/', cut + 1);
        if (next < 0) {
          return "/";
        }
        cut = next;
      }
      return path.substring(cut);
    }
  }

  private static final class RegexRewrite extends PathRewriter {
    private final RewritePath rewrite;

    RegexRewrite(RewritePath rewrite) {
      this.rewrite = rewrite;
    }

    @Override
    public String apply(String path) {
      Matcher matcher = rewrite.regex().pattern().matcher(path);
      if (!matcher.matches()) {
        return path;
      }
      String result = matcher.replaceFirst(rewrite.replacement());
      return result.startsWith("/") ? result : "/" + result;
    }
  }
}
