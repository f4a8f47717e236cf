/**
 * Browser login on WebFlux: {@link dev.portico.auth.spring.login.BrowserLogin} (redirect to the
 * provider, sessions and their refresh) and {@link
 * dev.portico.auth.spring.login.LoginEndpointsWebFilter} (callback and logout endpoints).
 */
package dev.portico.auth.spring.login;
