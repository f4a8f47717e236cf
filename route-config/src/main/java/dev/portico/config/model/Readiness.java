package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import java.time.Duration;

/** When the readiness probe starts reporting the gateway ready. */
@Doc(
    "When the readiness probe (/actuator/health/readiness) starts reporting the gateway ready:"
        + " once the configuration is loaded and every issuer's signing keys have been fetched,"
        + " or once jwks-grace has passed since start-up completed. It then stays ready.")
public record Readiness(
    @Doc(
            "How long start-up readiness waits for the first successful key fetch of every"
                + " issuer. After it, the gateway reports ready anyway (routes of an issuer"
                + " without keys answer 503 until a fetch succeeds). 0s: do not wait.")
        @Default("60s")
        Duration jwksGrace) {}
