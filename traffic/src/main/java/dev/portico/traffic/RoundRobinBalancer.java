package dev.portico.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/** {@link Balancer#roundRobin}: the smooth weighted rotation of {@link WeightedRoundRobin}. */
final class RoundRobinBalancer<T> implements Balancer<T> {

  private final WeightedRoundRobin<T> rotation;
  private final List<T> endpoints;

  RoundRobinBalancer(List<T> endpoints, ToIntFunction<? super T> weightOf) {
    this.rotation = WeightedRoundRobin.of(endpoints, weightOf::applyAsInt);
    List<T> positive = new ArrayList<>();
    for (T endpoint : endpoints) {
      if (weightOf.applyAsInt(endpoint) > 0) {
        positive.add(endpoint);
      }
    }
    this.endpoints = List.copyOf(positive);
  }

  @Override
  public T choose(Predicate<? super T> acceptable) {
    return rotation.next(acceptable);
  }

  @Override
  public List<T> endpoints() {
    return endpoints;
  }
}
