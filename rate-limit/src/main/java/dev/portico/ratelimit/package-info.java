/** Rate limiting. Filled in by the rate-limiting issue. */
package dev.portico.ratelimit;
