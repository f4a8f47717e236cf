package dev.portico.gateway.admin;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Cumulative counts of a latency histogram at its upper bounds in ms (the last bound is +Inf), and
 * quantiles of what was counted between two readings, interpolated within the buckets as
 * Prometheus's {@code histogram_quantile} does. Immutable.
 */
record LatencyBuckets(double[] boundsMs, long[] cumulative) {
  static final LatencyBuckets NONE = new LatencyBuckets(new double[0], new long[0]);

  static LatencyBuckets of(HistogramSnapshot snapshot) {
    CountAtBucket[] counts = snapshot.histogramCounts();
    double[] bounds = new double[counts.length + 1];
    long[] cumulative = new long[counts.length + 1];
    for (int i = 0; i < counts.length; i++) {
      bounds[i] = counts[i].bucket(TimeUnit.MILLISECONDS);
      cumulative[i] = (long) counts[i].count();
    }
    bounds[counts.length] = Double.POSITIVE_INFINITY;
    cumulative[counts.length] = snapshot.count();
    return counts.length == 0 ? NONE : new LatencyBuckets(bounds, cumulative);
  }

  /** The sum with {@code other}, which has the same bounds or none. */
  LatencyBuckets plus(LatencyBuckets other) {
    if (other.cumulative.length == 0) {
      return this;
    }
    if (cumulative.length == 0) {
      return other;
    }
    if (!Arrays.equals(boundsMs, other.boundsMs)) {
      return this;
    }
    long[] sum = cumulative.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other.cumulative[i];
    }
    return new LatencyBuckets(boundsMs, sum);
  }

  /** The {@code q} quantile of what was counted since {@code before}, or null if nothing was. */
  Double quantile(double q, LatencyBuckets before) {
    if (cumulative.length == 0) {
      return null;
    }
    boolean sameBounds = Arrays.equals(boundsMs, before.boundsMs);
    long[] delta = new long[cumulative.length];
    for (int i = 0; i < delta.length; i++) {
      delta[i] = cumulative[i] - (sameBounds ? before.cumulative[i] : 0);
    }
    long total = delta[delta.length - 1];
    if (total <= 0) {
      return null;
    }
    double rank = q * total;
    for (int i = 0; i < delta.length; i++) {
      if (delta[i] >= rank) {
        double lower = i == 0 ? 0 : boundsMs[i - 1];
        if (Double.isInfinite(boundsMs[i])) {
          return lower; // above the highest bound: the bound is all that is known
        }
        long below = i == 0 ? 0 : delta[i - 1];
        long inBucket = delta[i] - below;
        return inBucket == 0
            ? boundsMs[i]
            : lower + (boundsMs[i] - lower) * (rank - below) / inBucket;
      }
    }
    return boundsMs[boundsMs.length - 2];
  }
}
