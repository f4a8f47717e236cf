package dev.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretMaskerTest {

  static final String YAML =
      """
      gateway:
        auth:
          session: { secret: "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==" }
        rate-limiting:
          redis: { password: ${env:REDIS_PASSWORD} }
      issuers:
        corp:
          login: { client-id: web, client-secret: hunter2 }
          shared-secret: 'an hmac key of more than thirty-two bytes'
      # secret: this comment stays
      """;

  @Test
  void literalSecretsAreReplacedByNumberedPlaceholders() {
    SecretMasker.Masked masked = SecretMasker.mask(YAML);
    assertThat(masked.text())
        .contains("session: { secret: \"<masked-1>\" }")
        .contains("client-secret: \"<masked-2>\" }")
        .contains("shared-secret: \"<masked-3>\"")
        .doesNotContain("hunter2")
        .doesNotContain("c2VjcmV0")
        .doesNotContain("thirty-two");
    assertThat(masked.values()).hasSize(3);
  }

  @Test
  void referencesAndCommentsStayVisible() {
    String text = SecretMasker.mask(YAML).text();
    assertThat(text).contains("password: ${env:REDIS_PASSWORD}").contains("# secret: this comment");
  }

  @Test
  void unmaskingAnUneditedTextGivesTheRunningTextBack() {
    assertThat(SecretMasker.unmask(SecretMasker.mask(YAML).text(), YAML)).isEqualTo(YAML);
  }

  @Test
  void aRetypedSecretReplacesThePlaceholder() {
    String edited = SecretMasker.mask(YAML).text().replace("\"<masked-2>\"", "s3cret");
    assertThat(SecretMasker.unmask(edited, YAML)).contains("client-secret: s3cret }");
  }

  @Test
  void aPlaceholderWithoutARunningValueIsRefused() {
    assertThatThrownBy(() -> SecretMasker.unmask("secret: \"<masked-9>\"", YAML))
        .isInstanceOf(SecretMasker.UnknownPlaceholderException.class)
        .hasMessageContaining("<masked-9>");
  }
}
