/**
 * Authentication of callers: who they are ({@link dev.portico.auth.Principal}) from bearer tokens
 * (JWT verified against issuer keys, or opaque tokens introspected), API keys and browser login
 * sessions. The core packages are plain Java plus Reactor; Spring types live only in {@code
 * dev.portico.auth.spring}.
 */
package dev.portico.auth;
