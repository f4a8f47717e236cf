/**
 * API-key authentication: {@link dev.portico.auth.apikey.ApiKeyRegistry} maps SHA-256 hashes of
 * keys to consumers. Plain Java; no Spring or Netty types.
 */
package dev.portico.auth.apikey;
