/** Authentication and authorization of callers. Filled in by the authentication issue. */
package dev.portico.auth;
