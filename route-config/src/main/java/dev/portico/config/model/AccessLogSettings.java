package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;
import java.util.List;

/** Gateway-wide access-log settings: one ECS JSON line per request. */
@Doc(
    "Access log: one JSON line per request in Elastic Common Schema (ECS) fields; see"
        + " docs/access-logs.md. Everything applies at the next reload except queue-size.")
public record AccessLogSettings(
    @Doc("Write access-log lines.") @Default("false") boolean enabled,
    @Doc("Where lines go: stdout, or file (rolled by size, see file).") @Default("stdout")
        AccessLogOutput output,
    @Doc("The rolling file, for output: file.") @Default("{}") AccessLogFile file,
    @Doc(
            "Percentage of requests logged (0-100), chosen at random per request; routes may set"
                + " their own.")
        @Default("100")
        @Range(min = 0, max = 100)
        int samplePercent,
    @Doc(
            "Responses logged whatever the sampling: server-errors (status 500 and above), errors"
                + " (400 and above) or none.")
        @Default("server-errors")
        AccessLogAlways alwaysLog,
    @Doc(
            "More query parameters whose values are logged as REDACTED, besides access_token,"
                + " id_token, refresh_token, code, token, api_key, apikey, client_secret, password"
                + " and every route's api-key query parameter. Names are case-insensitive.")
        List<String> redactQueryParams,
    @Doc(
            "Lines waiting for the writer thread; when it is full, lines are dropped and counted"
                + " (portico_accesslog_dropped_total). Changing it needs a restart.")
        @Default("8192")
        @Range(min = 16, max = 1000000)
        int queueSize) {

  public AccessLogSettings {
    redactQueryParams = Models.list(redactQueryParams);
  }
}
