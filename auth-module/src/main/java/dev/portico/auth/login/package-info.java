/**
 * Browser login building blocks, in plain Java: PKCE, the login round-trip state, and the sealed
 * (AES-256-GCM) cookies that carry sessions between the browser and any gateway replica. The
 * WebFlux endpoints that use them are in {@code dev.portico.auth.spring.login}.
 */
package dev.portico.auth.login;
