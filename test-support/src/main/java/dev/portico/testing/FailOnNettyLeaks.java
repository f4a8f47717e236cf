package dev.portico.testing;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a buffer leak while it ran (or, since leaks surface at
 * garbage collection, shortly before). Registered for every test class through JUnit's extension
 * auto-detection, which the parent pom enables.
 */
public final class FailOnNettyLeaks implements AfterAllCallback {

  @Override
  public void afterAll(ExtensionContext context) {
    List<String> leaks = LeakRecorder.drain();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          "Netty reported "
              + leaks.size()
              + " buffer leak(s) during or before "
              + context.getDisplayName()
              + ":\n"
              + String.join("\n\n", leaks));
    }
  }
}
