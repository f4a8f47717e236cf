package dev.portico.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficSplitTest {

  private record Bucket(String name, int weight) {}

  private static final int USERS = 200_000;

  @Test
  void usersSpreadInProportionToWeights() {
    var split = split(new Bucket("stable", 90), new Bucket("canary", 10));
    Map<String, Integer> counts = new HashMap<>();
    for (int user = 0; user < USERS; user++) {
      counts.merge(split.choose(userKey(user)).name(), 1, Integer::sum);
    }
    assertThat(counts.get("canary") / (double) USERS).isCloseTo(0.10, within(0.005));
  }

  @Test
  void raisingTheCanaryMovesOnlyTheNecessaryShareAndOnlyTowardsTheCanary() {
    var before = split(new Bucket("stable", 90), new Bucket("canary", 10));
    var after = split(new Bucket("stable", 80), new Bucket("canary", 20));
    int stableToCanary = 0;
    for (int user = 0; user < USERS; user++) {
      String was = before.choose(userKey(user)).name();
      String now = after.choose(userKey(user)).name();
      assertThat(was.equals("canary") && now.equals("stable"))
          .as("user %d moved back", user)
          .isFalse();
      stableToCanary += was.equals("stable") && now.equals("canary") ? 1 : 0;
    }
    assertThat(stableToCanary / (double) USERS).isCloseTo(0.10, within(0.005));
  }

  @Test
  void weightChangeBetweenNeighbourBucketsLeavesTheOthersInPlace() {
    var before = split(new Bucket("a", 40), new Bucket("b", 30), new Bucket("c", 30));
    var after = split(new Bucket("a", 40), new Bucket("b", 20), new Bucket("c", 40));
    int moved = 0;
    for (int user = 0; user < USERS; user++) {
      String was = before.choose(userKey(user)).name();
      String now = after.choose(userKey(user)).name();
      if (!was.equals(now)) {
        moved++;
        assertThat(was + "→" + now).isEqualTo("b→c");
      }
    }
    assertThat(moved / (double) USERS).isCloseTo(0.10, within(0.005));
  }

  @Test
  void bucketListOrderDoesNotChangeAnyUsersBucket() {
    var ordered = split(new Bucket("blue", 50), new Bucket("canary", 5), new Bucket("green", 45));
    var reordered = split(new Bucket("green", 45), new Bucket("blue", 50), new Bucket("canary", 5));
    for (int user = 0; user < 20_000; user++) {
      assertThat(reordered.choose(userKey(user))).isEqualTo(ordered.choose(userKey(user)));
    }
  }

  @Test
  void zeroWeightBucketGetsNoUsersButCanBeForced() {
    var split = split(new Bucket("stable", 1), new Bucket("preview", 0));
    for (int user = 0; user < 10_000; user++) {
      assertThat(split.choose(userKey(user)).name()).isEqualTo("stable");
    }
    assertThat(split.forced("preview").name()).isEqualTo("preview");
    assertThat(split.forced("nope")).isNull();
  }

  @Test
  void invalidBucketsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> split(new Bucket("a", 1), new Bucket("a", 2)))
        .hasMessageContaining("'a' is not unique");
    assertThatThrownBy(() -> split(new Bucket("a", -1))).hasMessageContaining("weight -1");
    assertThatThrownBy(() -> split(new Bucket("a", 0))).hasMessageContaining("positive weight");
  }

  private static long userKey(int user) {
    return KeyHash.hash("user-" + user);
  }

  private static TrafficSplit<Bucket> split(Bucket... buckets) {
    return TrafficSplit.of(List.of(buckets), Bucket::name, Bucket::weight);
  }
}
