package dev.portico.auth.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentDenialsTest {

  private static RecentDenials.Denial denial(String path) {
    return new RecentDenials.Denial(
        Instant.EPOCH, "r", "deny", "alice", "p", "rule", "why", "GET", path, "id");
  }

  @Test
  void keepsTheLastOnesNewestFirstAndCountsAll() {
    RecentDenials denials = new RecentDenials(3);
    assertThat(denials.newestFirst()).isEmpty();

    for (int i = 1; i <= 5; i++) {
      denials.add(denial("/" + i));
    }

    assertThat(denials.newestFirst())
        .extracting(RecentDenials.Denial::path)
        .containsExactly("/5", "/4", "/3");
    assertThat(denials.total()).isEqualTo(5);
  }

  @Test
  void beforeTheRingIsFullOnlyWhatWasAddedIsListed() {
    RecentDenials denials = new RecentDenials(3);
    denials.add(denial("/1"));
    denials.add(denial("/2"));

    assertThat(denials.newestFirst())
        .extracting(RecentDenials.Denial::path)
        .containsExactly("/2", "/1");
  }

  @Test
  void aRingNeedsRoom() {
    assertThatThrownBy(() -> new RecentDenials(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
