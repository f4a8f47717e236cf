package dev.portico.config.model;

import dev.portico.config.schema.Default;
import dev.portico.config.schema.Doc;
import dev.portico.config.schema.Key;
import dev.portico.config.schema.Required;
import java.util.List;

/** One certificate of the listener: its chain, its key, and the server names it answers for. */
@Doc("A certificate chain and its private key, and the server names (SNI) it is served for.")
public record TlsCertificate(
    @Doc(
            "Name of the certificate in metrics (portico_tls_certificate_expiry_seconds); the"
                + " first server name, else certificate-N, when left out.")
        String name,
    @Doc("PEM file with the certificate first, then its intermediates.") @Required String cert,
    @Doc("PEM file with the PKCS#8 private key (BEGIN PRIVATE KEY) of the certificate.") @Required
        String key,
    @Doc(
            "Server names (SNI) this certificate is served for: exact names or *.wildcards of one"
                + " label.")
        List<String> serverNames,
    @Doc("Served to clients without SNI or with a name no certificate lists.")
        @Default("false")
        @Key("default")
        boolean isDefault) {

  public TlsCertificate {
    serverNames = Models.list(serverNames);
  }
}
