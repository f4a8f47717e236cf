package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Range;

/** The rolling file access-log lines are written to. */
@Doc("The access-log file: rolled over by size, keeping a fixed number of files.")
public record AccessLogFile(
    @Doc(
            "The active file, e.g. /var/log/portico/access.log; rolled files get .1, .2, … (.1 is"
                + " the most recent). Its directory must exist. Required with output: file.")
        String path,
    @Doc("The active file is rolled over before a line would make it larger than this.")
        @Default("100MB")
        ByteSize maxSize,
    @Doc("Files kept in all, the active one included; the oldest is deleted on rollover.")
        @Default("10")
        @Range(min = 1, max = 1000)
        int maxFiles) {}
