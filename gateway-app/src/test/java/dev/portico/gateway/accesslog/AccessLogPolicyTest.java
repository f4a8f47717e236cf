package dev.portico.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.ConfigLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AccessLogPolicyTest {

  private static AccessLogPolicy compile(String accessLog) throws Exception {
    return AccessLogPolicy.compile(
        ConfigLoader.parse(
                "portico.yaml",
                """
                gateway:
                  default-policy: allow
                  access-log: %s
                consumers:
                  shop: { api-keys: ["sha256:%s"] }
                upstreams:
                  app: { endpoints: [ { url: "http://127.0.0.1:1" } ] }
                routes:
                  - { id: plain, match: { path: /plain/** }, upstream: app }
                  - id: quiet
                    match: { path: /quiet/** }
                    upstream: app
                    access-log: { enabled: false }
                  - id: half
                    match: { path: /half/** }
                    upstream: app
                    access-log: { sample-percent: 50 }
                    auth: { api-key: { query: key_param } }
                """
                    .formatted(accessLog, "0".repeat(64)))
            .config());
  }

  @Test
  void disabledLogsNothing() throws Exception {
    AccessLogPolicy policy = compile("{ enabled: false }");

    assertThat(policy.enabled()).isFalse();
    assertThat(policy.logs("plain", 500, 0)).isFalse();
  }

  @Test
  void samplingKeepsRollsBelowThePercentage() throws Exception {
    AccessLogPolicy policy = compile("{ enabled: true, sample-percent: 30, always-log: none }");

    assertThat(policy.logs("plain", 200, 29)).isTrue();
    assertThat(policy.logs("plain", 200, 30)).isFalse();
    assertThat(policy.logs(null, 404, 29)).isTrue();
    assertThat(policy.logs(null, 404, 99)).isFalse();
    assertThat(policy.logs("plain", 503, 99)).isFalse();
  }

  @Test
  void zeroPercentStillLogsServerErrorsAndUnfinishedResponsesByDefault() throws Exception {
    AccessLogPolicy policy = compile("{ enabled: true, sample-percent: 0 }");

    assertThat(policy.logs("plain", 200, 0)).isFalse();
    assertThat(policy.logs("plain", 404, 0)).isFalse();
    assertThat(policy.logs("plain", 500, 99)).isTrue();
    assertThat(policy.logs("plain", 0, 99)).isTrue();
  }

  @Test
  void alwaysLogErrorsCoversClientErrorsToo() throws Exception {
    AccessLogPolicy policy = compile("{ enabled: true, sample-percent: 0, always-log: errors }");

    assertThat(policy.logs("plain", 399, 0)).isFalse();
    assertThat(policy.logs("plain", 400, 99)).isTrue();
    assertThat(policy.logs(null, 429, 99)).isTrue();
  }

  @Test
  void aRouteSwitchedOffLogsNothingNotEvenErrors() throws Exception {
    AccessLogPolicy policy = compile("{ enabled: true, always-log: errors }");

    assertThat(policy.logs("quiet", 200, 0)).isFalse();
    assertThat(policy.logs("quiet", 503, 0)).isFalse();
    assertThat(policy.logs("plain", 200, 99)).isTrue();
  }

  @Test
  void aRoutesOwnPercentageOverridesTheGateways() throws Exception {
    AccessLogPolicy policy = compile("{ enabled: true, sample-percent: 100, always-log: none }");

    assertThat(policy.logs("half", 200, 49)).isTrue();
    assertThat(policy.logs("half", 200, 50)).isFalse();
    assertThat(policy.logs("plain", 200, 99)).isTrue();
  }

  @Test
  void redactionCoversConfiguredNamesAndApiKeyQueryParameters() throws Exception {
    AccessLogPolicy policy = compile("{ enabled: true, redact-query-params: [Signature] }");

    assertThat(policy.redactor().redact("signature=s&key_param=k&access_token=t&page=2"))
        .isEqualTo("signature=REDACTED&key_param=REDACTED&access_token=REDACTED&page=2");
  }

  @Test
  void theTargetIsStdoutOrTheAbsoluteFile() throws Exception {
    assertThat(compile("{ enabled: true }").target()).isEqualTo(AccessLogTarget.STDOUT);

    AccessLogTarget file =
        compile(
                "{ enabled: true, output: file, file: { path: target/a.log, max-size: 2KB,"
                    + " max-files: 3 } }")
            .target();
    assertThat(file.file()).isEqualTo(Path.of("target/a.log").toAbsolutePath());
    assertThat(file.maxBytes()).isEqualTo(2048);
    assertThat(file.maxFiles()).isEqualTo(3);
  }
}
