package dev.portico.bench;

import java.util.Arrays;
import java.util.Random;

/** Draws service numbers for {@link RouteSet#requests} according to a {@link RouteSet.Traffic}. */
final class ServicePicker {

  private static final int HOT_SERVICES = 2;

  private final Random random;
  private final int[] services;
  private final double[] cumulative;

  private ServicePicker(Random random, int[] services, double[] cumulative) {
    this.random = random;
    this.services = services;
    this.cumulative = cumulative;
  }

  static ServicePicker of(RouteSet.Traffic traffic, int services, Random random) {
    int count = traffic == RouteSet.Traffic.HOT ? Math.min(HOT_SERVICES, services) : services;
    int[] order = new int[count];
    Arrays.setAll(order, i -> i);
    double[] cumulative = new double[count];
    double total = 0;
    for (int rank = 0; rank < count; rank++) {
      total += traffic == RouteSet.Traffic.ZIPF ? 1.0 / (rank + 1) : 1.0;
      cumulative[rank] = total;
    }
    if (traffic == RouteSet.Traffic.ZIPF) {
      shuffle(order, random);
    }
    for (int rank = 0; rank < count; rank++) {
      cumulative[rank] /= total;
    }
    return new ServicePicker(random, order, cumulative);
  }

  int next() {
    int rank = Arrays.binarySearch(cumulative, random.nextDouble());
    rank = rank >= 0 ? rank : -rank - 1;
    return services[Math.min(rank, services.length - 1)];
  }

  private static void shuffle(int[] values, Random random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }
}
