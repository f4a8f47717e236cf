package dev.portico.gateway.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryRedactorTest {

  private final QueryRedactor redactor = new QueryRedactor(List.of("Sig", "key"));

  @Test
  void tokenParametersAreRedactedAndTheRestIsKeptAsSent() {
    assertThat(redactor.redact("access_token=secret&x=1&id_token=a.b.c&code=xyz&state=s%20t"))
        .isEqualTo("access_token=REDACTED&x=1&id_token=REDACTED&code=REDACTED&state=s%20t");
  }

  @Test
  void everyBuiltInNameIsRedacted() {
    for (String name : QueryRedactor.BUILT_IN) {
      assertThat(redactor.redact("a=1&" + name + "=secret")).isEqualTo("a=1&" + name + "=REDACTED");
    }
  }

  @Test
  void namesMatchCaseInsensitivelyAndAfterPercentDecoding() {
    assertThat(redactor.redact("ACCESS_TOKEN=s1&access%5Ftoken=s2&Api_Key=s3&x=%41"))
        .isEqualTo("ACCESS_TOKEN=REDACTED&access%5Ftoken=REDACTED&Api_Key=REDACTED&x=%41");
  }

  @Test
  void configuredNamesAreRedactedToo() {
    assertThat(redactor.redact("sig=abc&KEY=k&keys=kept"))
        .isEqualTo("sig=REDACTED&KEY=REDACTED&keys=kept");
  }

  @Test
  void repeatedAndEmptyValuesAreRedactedAndOddPairsSurvive() {
    assertThat(redactor.redact("code=&code=2&&flag&=v&token"))
        .isEqualTo("code=REDACTED&code=REDACTED&&flag&=v&token");
  }

  @Test
  void valuesContainingEqualsSignsAreRedactedWhole() {
    assertThat(redactor.redact("token=a=b=c&x=1")).isEqualTo("token=REDACTED&x=1");
  }

  @Test
  void malformedEscapesDoNotBreakRedaction() {
    assertThat(redactor.redact("%zz=1&password=p%")).isEqualTo("%zz=1&password=REDACTED");
  }

  @Test
  void noQueryStaysAbsent() {
    assertThat(redactor.redact(null)).isNull();
    assertThat(redactor.redact("")).isEmpty();
  }
}
