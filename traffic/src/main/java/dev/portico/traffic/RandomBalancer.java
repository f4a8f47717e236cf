package dev.portico.traffic;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** {@link Balancer#random}: one weighted draw among the acceptable endpoints. */
final class RandomBalancer<T> implements Balancer<T> {

  private final WeightedPicker<T> picker;
  private final Supplier<? extends RandomGenerator> random;

  RandomBalancer(WeightedPicker<T> picker, Supplier<? extends RandomGenerator> random) {
    this.picker = picker;
    this.random = random;
  }

  @Override
  public T choose(Predicate<? super T> acceptable) {
    int index = picker.pick(random.get(), acceptable, -1);
    return index < 0 ? null : picker.item(index);
  }

  @Override
  public List<T> endpoints() {
    return picker.items();
  }
}
