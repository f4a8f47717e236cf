/**
 * Rate limiting: the GCRA algorithm over compiled limits ({@link dev.portico.ratelimit.LimitSet}),
 * and the local in-memory store ({@link dev.portico.ratelimit.LocalRateLimiter}). Plain Java; no
 * Spring, no Netty.
 */
package dev.portico.ratelimit;
