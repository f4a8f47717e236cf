/** The admin API and web console. Filled in by the admin console issue. */
package dev.portico.admin;
