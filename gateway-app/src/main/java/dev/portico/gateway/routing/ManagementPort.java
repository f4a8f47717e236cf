package dev.portico.gateway.routing;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The port the management server actually listens on, once it has started. The route handler uses
 * it to refuse routing requests that arrive on the management port.
 */
public final class ManagementPort implements ApplicationListener<WebServerInitializedEvent> {

  private volatile int port = -1;

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if ("management".equals(event.getApplicationContext().getServerNamespace())) {
      port = event.getWebServer().getPort();
    }
  }

  public boolean is(int localPort) {
    return localPort == port;
  }
}
