package dev.portico.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GrpcTimeoutTest {

  @Test
  void everyUnitOfTheGrpcWireFormatIsRead() {
    assertThat(GrpcTimeout.parse("2H")).isEqualTo(Duration.ofHours(2));
    assertThat(GrpcTimeout.parse("3M")).isEqualTo(Duration.ofMinutes(3));
    assertThat(GrpcTimeout.parse("10S")).isEqualTo(Duration.ofSeconds(10));
    assertThat(GrpcTimeout.parse("250m")).isEqualTo(Duration.ofMillis(250));
    assertThat(GrpcTimeout.parse("1500u")).isEqualTo(Duration.ofNanos(1_500_000));
    assertThat(GrpcTimeout.parse("99999999n")).isEqualTo(Duration.ofNanos(99_999_999));
  }

  @Test
  void malformedValuesAreIgnored() {
    assertThat(GrpcTimeout.parse(null)).isNull();
    assertThat(GrpcTimeout.parse("m")).isNull();
    assertThat(GrpcTimeout.parse("10")).isNull();
    assertThat(GrpcTimeout.parse("10s ")).isNull();
    assertThat(GrpcTimeout.parse("-5m")).isNull();
    assertThat(GrpcTimeout.parse("123456789m")).isNull();
    assertThat(GrpcTimeout.parse("5x")).isNull();
  }
}
