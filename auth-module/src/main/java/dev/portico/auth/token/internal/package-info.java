/** Implementation of {@link dev.portico.auth.token}; not an API. */
package dev.portico.auth.token.internal;
