package dev.portico.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that runs after the others, with no other test JVM beside it: the headless
 * Chromium and login-flow classes, whose browser and identity-provider round trips timed out when a
 * second test JVM competed for the two cores. Every other class runs two JVMs at a time (see this
 * module's pom).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RunsAlone.TAG)
public @interface RunsAlone {

  String TAG = "runs-alone";
}
