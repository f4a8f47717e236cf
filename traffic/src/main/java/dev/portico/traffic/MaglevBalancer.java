package dev.portico.traffic;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** {@link Balancer#maglev}: a {@link MaglevTable} lookup; keyless requests get a random key. */
final class MaglevBalancer<T> implements Balancer<T> {

  private final MaglevTable<T> table;
  private final Supplier<? extends RandomGenerator> random;

  MaglevBalancer(MaglevTable<T> table, Supplier<? extends RandomGenerator> random) {
    this.table = table;
    this.random = random;
  }

  @Override
  public T choose(Predicate<? super T> acceptable) {
    return table.lookup(random.get().nextLong(), acceptable);
  }

  @Override
  public T choose(long keyHash, Predicate<? super T> acceptable) {
    return table.lookup(keyHash, acceptable);
  }

  /** The key's endpoint: the same lookup {@link #choose(long, Predicate)} does, and as pure. */
  @Override
  public BalancerPreview<T> preview(long keyHash, Predicate<? super T> acceptable) {
    return BalancerPreview.exactly(table.lookup(keyHash, acceptable));
  }

  @Override
  public List<T> endpoints() {
    return table.endpoints();
  }
}
