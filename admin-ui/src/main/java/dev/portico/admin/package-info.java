/**
 * The admin console's pages and the Spring-free logic behind the admin API: who may do what ({@link
 * dev.portico.admin.AdminAccess}), secrets masked before the YAML leaves the process ({@link
 * dev.portico.admin.SecretMasker}), line diffs ({@link dev.portico.admin.LineDiff}), applying a
 * configuration with backup, history and rollback ({@link dev.portico.admin.ConfigHistory}) and the
 * audit log ({@link dev.portico.admin.AuditLog}). gateway-app serves it over HTTP on the management
 * port; this module depends on route-config only.
 */
package dev.portico.admin;
