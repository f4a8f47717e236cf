package dev.portico.gateway.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

class UpstreamMetricsFilterTest {

  @Test
  void connectFailuresOfEveryShapeAreConnectFailures() {
    assertThat(UpstreamMetricsFilter.kind(new ConnectException("refused")))
        .isEqualTo("connect_failure");
    assertThat(UpstreamMetricsFilter.kind(new IOException(new ConnectTimeoutException("slow"))))
        .isEqualTo("connect_failure");
  }

  @Test
  void theRouteTimeoutIsATimeout() {
    // Spring Cloud Gateway's routing filter reports its response timeout as a 504.
    assertThat(
            UpstreamMetricsFilter.kind(
                new ResponseStatusException(
                    HttpStatus.GATEWAY_TIMEOUT, "late", new TimeoutException("late"))))
        .isEqualTo("timeout");
    assertThat(UpstreamMetricsFilter.kind(new TimeoutException("late"))).isEqualTo("timeout");
  }

  @Test
  void aConnectionClosedMidResponseIsAReset() {
    assertThat(UpstreamMetricsFilter.kind(new IOException("Connection reset by peer")))
        .isEqualTo("reset");
  }

  @Test
  void anythingElseIsOther() {
    assertThat(UpstreamMetricsFilter.kind(new IllegalStateException("bug"))).isEqualTo("other");
  }
}
