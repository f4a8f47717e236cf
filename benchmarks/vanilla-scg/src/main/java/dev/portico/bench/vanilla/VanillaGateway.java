package dev.portico.bench.vanilla;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Cloud Gateway as it comes: one route, declared in application.yml, that forwards every
 * request to {@code ORIGIN_URL}. The load benchmark's baseline for what Portico adds.
 */
@SpringBootApplication
public class VanillaGateway {

  public static void main(String[] args) {
    SpringApplication.run(VanillaGateway.class, args);
  }
}
