package dev.portico.gateway;

import dev.portico.gateway.accesslog.AccessLogWiring;
import dev.portico.gateway.metrics.MetricsWiring;
import dev.portico.gateway.protocol.ProtocolWiring;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** The Spring Boot application that runs the gateway. Started by {@link PorticoMain}. */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(
    // Portico is a reactor-netty application that authenticates callers itself: a servlet
    // container or Spring Security's default filter chain, should their jars end up on the class
    // path, must never take over the listeners or stand in front of routes and the management port.
    excludeName = {
      "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration",
      "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration"
    })
@Import({GatewayWiring.class, MetricsWiring.class, AccessLogWiring.class, ProtocolWiring.class})
public class PorticoApplication {

  /**
   * Starts the gateway on a validated configuration.
   *
   * @param startup the configuration file and its content
   * @param springArgs extra Spring arguments such as {@code --server.port=0}
   */
  public static ConfigurableApplicationContext start(PorticoStartup startup, String... springArgs) {
    SpringApplication app = new SpringApplication(PorticoApplication.class);
    // Always the reactive stack, even when a servlet container is on the classpath (tests run a
    // servlet-based identity provider in the same JVM).
    app.setWebApplicationType(WebApplicationType.REACTIVE);
    Map<String, Object> defaults = new HashMap<>(SpringProperties.from(startup.initial().config()));
    app.setDefaultProperties(defaults);
    app.addInitializers(
        context -> context.getBeanFactory().registerSingleton("porticoStartup", startup));
    return app.run(springArgs);
  }
}
