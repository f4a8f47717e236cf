package dev.portico.gateway.admin;

import dev.portico.admin.AdminAccess;

/**
 * Who calls the admin API and what they may do.
 *
 * @param name the subject (or "bootstrap-token"), for the audit log
 * @param level what the caller may do
 * @param session true when authenticated by the browser session cookie (CSRF checks apply)
 */
record AdminCaller(String name, AdminAccess.Level level, boolean session) {}
