package dev.portico.traffic;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * {@link Balancer#leastRequest}: power of two choices. Two different acceptable endpoints are drawn
 * by weight and the cheaper one wins, cost = {@code (inFlight + 1) / weight}, times the latency
 * EWMA when latency-aware and both endpoints have one (an endpoint without samples is compared on
 * in-flight alone so a new endpoint is neither starved nor flooded).
 */
final class LeastRequestBalancer<T> implements Balancer<T> {

  private final WeightedPicker<T> picker;
  private final EndpointLoad[] loads;
  private final boolean latencyAware;
  private final Supplier<? extends RandomGenerator> random;

  LeastRequestBalancer(
      WeightedPicker<T> picker,
      Function<? super T, EndpointLoad> loadOf,
      boolean latencyAware,
      Supplier<? extends RandomGenerator> random) {
    this.picker = picker;
    this.loads = new EndpointLoad[picker.size()];
    for (int i = 0; i < loads.length; i++) {
      loads[i] = loadOf.apply(picker.item(i));
      if (loads[i] == null) {
        throw new IllegalArgumentException("no EndpointLoad for endpoint " + picker.item(i));
      }
    }
    this.latencyAware = latencyAware;
    this.random = random;
  }

  @Override
  public T choose(Predicate<? super T> acceptable) {
    RandomGenerator generator = random.get();
    int first = picker.pick(generator, acceptable, -1);
    if (first < 0) {
      return null;
    }
    int second = picker.pick(generator, acceptable, first);
    if (second < 0) {
      return picker.item(first);
    }
    double firstCost = (loads[first].inFlight() + 1.0) / picker.weight(first);
    double secondCost = (loads[second].inFlight() + 1.0) / picker.weight(second);
    if (latencyAware) {
      double firstLatency = loads[first].latencyEwmaNanos();
      double secondLatency = loads[second].latencyEwmaNanos();
      if (!Double.isNaN(firstLatency) && !Double.isNaN(secondLatency)) {
        firstCost *= Math.max(1.0, firstLatency);
        secondCost *= Math.max(1.0, secondLatency);
      }
    }
    return picker.item(secondCost < firstCost ? second : first);
  }

  @Override
  public List<T> endpoints() {
    return picker.items();
  }
}
