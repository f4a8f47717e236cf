package dev.portico.gateway;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** The Spring Boot application that runs the gateway. Started by {@link PorticoMain}. */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(GatewayWiring.class)
public class PorticoApplication {

  /**
   * Starts the gateway on a validated configuration.
   *
   * @param startup the configuration file and its content
   * @param springArgs extra Spring arguments such as {@code --server.port=0}
   */
  public static ConfigurableApplicationContext start(PorticoStartup startup, String... springArgs) {
    SpringApplication app = new SpringApplication(PorticoApplication.class);
    Map<String, Object> defaults = new HashMap<>(SpringProperties.from(startup.initial().config()));
    app.setDefaultProperties(defaults);
    app.addInitializers(
        context -> context.getBeanFactory().registerSingleton("porticoStartup", startup));
    return app.run(springArgs);
  }
}
