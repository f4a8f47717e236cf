package dev.portico.gateway.tls;

import dev.portico.config.model.Hsts;
import dev.portico.config.model.Listener;
import dev.portico.config.model.ListenerTls;
import dev.portico.gateway.PorticoStartup;
import dev.portico.gateway.server.ListenerHardening;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.server.WebFilter;

/**
 * Wires TLS on the public listener from the start-up configuration ({@code gateway.listen.tls}
 * needs a restart; its files do not). X-Forwarded-Client-Cert is guarded on every listener.
 */
@Configuration(proxyBeanMethods = false)
public class TlsWiring {

  @Bean
  ClientCertHeaderFilter clientCertHeaderFilter(PorticoStartup startup) {
    ListenerTls tls = tls(startup);
    return new ClientCertHeaderFilter(tls != null && tls.forwardClientCert());
  }

  static ListenerTls tls(PorticoStartup startup) {
    Listener listen = startup.initial().config().gateway().listen();
    return listen == null ? null : listen.tls();
  }

  /** The beans of a TLS listener. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(TlsConfigured.class)
  static class TlsListenerWiring {

    @Bean(destroyMethod = "close")
    ListenerCertificates listenerCertificates(
        PorticoStartup startup, Clock clock, MeterRegistry meters) {
      return new ListenerCertificates(
          tls(startup), startup.initial().config().gateway().listen().http2(), clock, meters);
    }

    @Bean
    WebFilter hstsFilter(PorticoStartup startup) {
      Hsts hsts = tls(startup).hsts();
      // Without hsts configured the filter passes every exchange through untouched.
      return hsts == null
          ? (exchange, chain) -> chain.filter(exchange)
          : new HstsFilter(hsts.headerValue());
    }

    @Bean
    NettyServerCustomizer tlsListenerCustomizer(
        PorticoStartup startup,
        ListenerCertificates certificates,
        MeterRegistry meters,
        ListenerHardening hardening) {
      Counter failures =
          Counter.builder("portico.tls.handshakes.failed")
              .description(
                  "TLS handshakes on the public listener that failed (old version, no common"
                      + " cipher, missing or untrusted client certificate)")
              .register(meters);
      boolean http2 = startup.initial().config().gateway().listen().http2();
      return new TlsListenerCustomizer(certificates, http2, failures, hardening::guardHttp1);
    }
  }

  /** The plain-HTTP redirect port, when configured. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(RedirectConfigured.class)
  static class RedirectWiring {

    @Bean(destroyMethod = "close")
    HttpRedirectServer httpRedirectServer(PorticoStartup startup) {
      Listener listen = startup.initial().config().gateway().listen();
      return new HttpRedirectServer(listen.address(), listen.tls().httpRedirect().port());
    }
  }

  /** True when the start-up configuration has gateway.listen.tls. */
  static final class TlsConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return startupTls(context) != null;
    }
  }

  /** True when the start-up configuration has gateway.listen.tls.http-redirect. */
  static final class RedirectConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      ListenerTls tls = startupTls(context);
      return tls != null && tls.httpRedirect() != null;
    }
  }

  private static ListenerTls startupTls(ConditionContext context) {
    var beans = context.getBeanFactory();
    if (beans == null || !beans.containsSingleton("porticoStartup")) {
      return null;
    }
    return tls(beans.getBean("porticoStartup", PorticoStartup.class));
  }
}
