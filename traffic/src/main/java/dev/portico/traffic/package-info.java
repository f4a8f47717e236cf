/** Load balancing, health checking and outlier detection. Filled in by the traffic issue. */
package dev.portico.traffic;
