package dev.portico.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class TagsTest {

  @Test
  void standardMethodsKeepTheirNameAndExtensionMethodsBecomeOther() {
    assertThat(Tags.method(HttpMethod.GET)).isEqualTo("GET");
    assertThat(Tags.method(HttpMethod.PATCH)).isEqualTo("PATCH");
    assertThat(Tags.method(HttpMethod.valueOf("PROPFIND"))).isEqualTo("OTHER");
    assertThat(Tags.method(HttpMethod.valueOf("X-" + System.nanoTime()))).isEqualTo("OTHER");
  }

  @Test
  void statusesFallIntoFiveClasses() {
    assertThat(Tags.statusClass(101)).isEqualTo("1xx");
    assertThat(Tags.statusClass(200)).isEqualTo("2xx");
    assertThat(Tags.statusClass(304)).isEqualTo("3xx");
    assertThat(Tags.statusClass(429)).isEqualTo("4xx");
    assertThat(Tags.statusClass(503)).isEqualTo("5xx");
    assertThat(Tags.statusClass(999)).isEqualTo("5xx");
    assertThat(Tags.statusClass(0)).isEqualTo("5xx");
  }
}
