package dev.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.config.model.AdminSettings;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdminAccessTest {

  static final AdminSettings SETTINGS =
      new AdminSettings(
          "corp",
          List.of("ops-admin"),
          List.of("ops-viewer"),
          AdminAccess.sha256Hex("let-me-in"),
          null,
          20);

  @Test
  void adminRoleWinsOverReadOnly() {
    assertThat(AdminAccess.levelOf(Set.of("ops-viewer", "ops-admin"), SETTINGS))
        .isEqualTo(AdminAccess.Level.ADMIN);
    assertThat(AdminAccess.levelOf(Set.of("ops-viewer"), SETTINGS))
        .isEqualTo(AdminAccess.Level.READ_ONLY);
    assertThat(AdminAccess.levelOf(Set.of("orders"), SETTINGS)).isEqualTo(AdminAccess.Level.NONE);
  }

  @Test
  void readOnlyMayOnlyRead() {
    assertThat(AdminAccess.Level.READ_ONLY.permits("GET")).isTrue();
    assertThat(AdminAccess.Level.READ_ONLY.permits("POST")).isFalse();
    assertThat(AdminAccess.Level.ADMIN.permits("POST")).isTrue();
    assertThat(AdminAccess.Level.NONE.permits("GET")).isFalse();
  }

  @Test
  void bootstrapTokenIsComparedByItsHash() {
    assertThat(AdminAccess.isBootstrapToken("let-me-in", SETTINGS)).isTrue();
    assertThat(AdminAccess.isBootstrapToken("let-me-in!", SETTINGS)).isFalse();
    assertThat(
            AdminAccess.isBootstrapToken(
                "let-me-in", new AdminSettings("corp", List.of(), List.of(), null, null, 1)))
        .isFalse();
  }
}
