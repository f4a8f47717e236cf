package dev.portico.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WeightedRoundRobinTest {

  private record Item(String name, int weight) {}

  @Test
  void equalWeightsAlternate() {
    var rr = WeightedRoundRobin.of(List.of(new Item("a", 1), new Item("b", 1)), Item::weight);
    assertThat(names(rr, 4)).containsExactly("a", "b", "a", "b");
  }

  @Test
  void heavyItemIsSpreadOutNotBursted() {
    var rr =
        WeightedRoundRobin.of(
            List.of(new Item("a", 5), new Item("b", 1), new Item("c", 1)), Item::weight);
    // nginx's smooth weighted round-robin for 5/1/1
    assertThat(names(rr, 7)).containsExactly("a", "a", "b", "a", "c", "a", "a");
  }

  @Test
  void sharesFollowWeightsOverManyRotations() {
    var rr = WeightedRoundRobin.of(List.of(new Item("a", 3), new Item("b", 1)), Item::weight);
    Map<String, Long> counts =
        names(rr, 400).stream()
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(counts).containsEntry("a", 300L).containsEntry("b", 100L);
  }

  @Test
  void zeroWeightIsNeverChosen() {
    var rr = WeightedRoundRobin.of(List.of(new Item("a", 0), new Item("b", 2)), Item::weight);
    assertThat(names(rr, 5)).containsOnly("b");
  }

  @Test
  void allZeroWeightsAreRejected() {
    assertThatThrownBy(() -> WeightedRoundRobin.of(List.of(new Item("a", 0)), Item::weight))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive weight");
  }

  @Test
  void commonFactorsAreReducedSoThePeriodIsShort() {
    var rr = WeightedRoundRobin.of(List.of(new Item("a", 300), new Item("b", 100)), Item::weight);
    assertThat(rr.period()).isEqualTo(4);
  }

  @Test
  void hugeWeightSumsAreScaledButKeepProportions() {
    var rr =
        WeightedRoundRobin.of(
            List.of(new Item("a", 9_999), new Item("b", 9_998), new Item("c", 1)), Item::weight);
    assertThat(rr.period()).isLessThanOrEqualTo(WeightedRoundRobin.MAX_SCHEDULE);
    Map<String, Long> counts =
        names(rr, rr.period()).stream()
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(counts.get("a")).isBetween(4_900L, 5_100L);
    assertThat(counts.get("c")).isEqualTo(1L);
  }

  @Test
  void nextWithPredicateSkipsRejectedItems() {
    var rr =
        WeightedRoundRobin.of(
            List.of(new Item("a", 1), new Item("b", 1), new Item("c", 1)), Item::weight);
    for (int i = 0; i < 6; i++) {
      assertThat(rr.next(item -> !item.name().equals("b")).name()).isNotEqualTo("b");
    }
  }

  @Test
  void nextWithPredicateReturnsNullWhenNothingIsAcceptable() {
    var rr = WeightedRoundRobin.of(List.of(new Item("a", 1)), Item::weight);
    assertThat(rr.next(item -> false)).isNull();
  }

  private static List<String> names(WeightedRoundRobin<Item> rr, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(rr.next().name());
    }
    return out;
  }
}
