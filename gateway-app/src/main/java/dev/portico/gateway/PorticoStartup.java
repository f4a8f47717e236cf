package dev.portico.gateway;

import dev.portico.config.LoadedConfig;
import java.nio.file.Path;

/**
 * What the gateway starts from: the configuration file (watched for changes) and its validated
 * content.
 */
public record PorticoStartup(Path configFile, LoadedConfig initial) {}
