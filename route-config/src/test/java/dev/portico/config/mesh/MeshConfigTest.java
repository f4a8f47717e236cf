package dev.portico.config.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.config.ConfigLoader;
import dev.portico.config.ConfigRejectedException;
import dev.portico.config.model.MeshSidecar;
import dev.portico.config.model.PorticoConfig;
import dev.portico.config.model.ServiceMesh;
import dev.portico.config.model.SpiffeId;
import dev.portico.config.model.UpstreamMtls;
import dev.portico.testing.tls.CertificateSpec;
import dev.portico.testing.tls.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mesh block: SPIFFE ID syntax, SVID files read from what an agent writes (made here by a test
 * CA), the defaults, and the example configurations for Istio and Linkerd.
 */
class MeshConfigTest {

  static final Path EXAMPLES = Path.of("../config/examples");

  @TempDir Path dir;

  @Test
  void spiffeIdsFollowTheSpiffeRules() {
    SpiffeId id = SpiffeId.parse("spiffe://cluster.local/ns/shop/sa/orders");
    assertThat(id.trustDomain()).isEqualTo("cluster.local");
    assertThat(id.path()).isEqualTo("/ns/shop/sa/orders");
    assertThat(id).hasToString("spiffe://cluster.local/ns/shop/sa/orders");

    assertThatThrownBy(() -> SpiffeId.parse("spiffe://Cluster.local/ns/a"))
        .hasMessageContaining("must be lowercase");
    assertThatThrownBy(() -> SpiffeId.parse("spiffe://td:443/ns/a")).hasMessageContaining("port");
    assertThatThrownBy(() -> SpiffeId.parse("spiffe://td/ns/a?x=1"))
        .hasMessageContaining("no query or fragment");
    assertThatThrownBy(() -> SpiffeId.parse("spiffe://td/ns/a#f"))
        .hasMessageContaining("no query or fragment");
    assertThatThrownBy(() -> SpiffeId.parse("spiffe://td/ns/../a")).hasMessageContaining(". or ..");
    assertThatThrownBy(() -> SpiffeId.parse("spiffe://td/ns/a/"))
        .hasMessageContaining("empty segment");
    assertThatThrownBy(() -> SpiffeId.parse("https://td/ns/a"))
        .hasMessageContaining("does not start with spiffe://");
    assertThatThrownBy(() -> SpiffeId.parse("spiffe://user@td/a")).hasMessageContaining("user");
  }

  @Test
  void svidFilesAsAnAgentWritesThemAreRead() throws Exception {
    TestCa ca = TestCa.create("mesh");
    var issued = ca.svid("spiffe://mesh.test/ns/edge/sa/portico");
    issued.writeChainTo(dir.resolve("svid.pem"), dir.resolve("key.pem"));
    ca.writeCertificate(dir.resolve("bundle.pem"));

    Svid svid =
        SvidFiles.read(dir.resolve("svid.pem"), dir.resolve("key.pem"), dir.resolve("bundle.pem"));

    assertThat(svid.spiffeId()).hasToString("spiffe://mesh.test/ns/edge/sa/portico");
    assertThat(svid.chain()).hasSize(2);
    assertThat(svid.leaf()).isEqualTo(issued.certificate());
    assertThat(svid.trustBundle()).containsExactly(ca.certificate());
  }

  @Test
  void keyOfAnotherCertificateIsRefusedNamingTheKeyFile() {
    TestCa ca = TestCa.create("mesh");
    ca.svid("spiffe://mesh.test/a").writeTo(dir.resolve("svid.pem"), dir.resolve("unused.pem"));
    ca.svid("spiffe://mesh.test/b").writeTo(dir.resolve("other.pem"), dir.resolve("key.pem"));
    ca.writeCertificate(dir.resolve("bundle.pem"));

    assertThatThrownBy(
            () ->
                SvidFiles.read(
                    dir.resolve("svid.pem"), dir.resolve("key.pem"), dir.resolve("bundle.pem")))
        .isInstanceOfSatisfying(
            SvidException.class, e -> assertThat(e.file()).isEqualTo(SvidException.File.KEY))
        .hasMessageContaining("is not the private key of the certificate");
  }

  @Test
  void certificateWithoutSpiffeIdIsNoSvid() {
    TestCa ca = TestCa.create("mesh");
    ca.issue(CertificateSpec.of("orders").withDnsNames("orders.shop.svc"))
        .writeTo(dir.resolve("svid.pem"), dir.resolve("key.pem"));
    ca.writeCertificate(dir.resolve("bundle.pem"));

    assertThatThrownBy(
            () ->
                SvidFiles.read(
                    dir.resolve("svid.pem"), dir.resolve("key.pem"), dir.resolve("bundle.pem")))
        .isInstanceOfSatisfying(
            SvidException.class,
            e -> assertThat(e.file()).isEqualTo(SvidException.File.CERTIFICATE))
        .hasMessageContaining("is not an X.509-SVID");
  }

  @Test
  void sec1KeyIsRefusedWithAConversionHint() throws Exception {
    TestCa ca = TestCa.create("mesh");
    ca.svid("spiffe://mesh.test/a").writeTo(dir.resolve("svid.pem"), dir.resolve("unused.pem"));
    ca.writeCertificate(dir.resolve("bundle.pem"));
    Files.writeString(
        dir.resolve("key.pem"),
        "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");

    assertThatThrownBy(
            () ->
                SvidFiles.read(
                    dir.resolve("svid.pem"), dir.resolve("key.pem"), dir.resolve("bundle.pem")))
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void mtlsTakesItsDefaultsAndAcceptsByIdOrTrustDomain() throws Exception {
    TestCa ca = TestCa.create("mesh");
    ca.svid("spiffe://mesh.test/edge").writeTo(dir.resolve("svid.pem"), dir.resolve("key.pem"));
    ca.writeCertificate(dir.resolve("bundle.pem"));
    String files =
        "certificate-file: %s, key-file: %s, trust-bundle-file: %s"
            .formatted(dir.resolve("svid.pem"), dir.resolve("key.pem"), dir.resolve("bundle.pem"));
    PorticoConfig config =
        parse(
            """
            upstreams:
              a: { endpoints: [ { url: "https://a:443" } ], mesh: { mtls: { %1$s, spiffe-ids: ["spiffe://mesh.test/a"] } } }
              b: { endpoints: [ { url: "https://b:443" } ], mesh: { mtls: { %1$s, trust-domain: mesh.test } } }
            routes:
              - { id: r, match: { path: /** }, upstream: a, public: true }
            """
                .formatted(files));

    UpstreamMtls byId = config.upstreams().get("a").mesh().mtls();
    UpstreamMtls byDomain = config.upstreams().get("b").mesh().mtls();
    assertThat(byId.refreshInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(byId.accepts(SpiffeId.parse("spiffe://mesh.test/a"))).isTrue();
    assertThat(byId.accepts(SpiffeId.parse("spiffe://mesh.test/b"))).isFalse();
    assertThat(byDomain.accepts(SpiffeId.parse("spiffe://mesh.test/anything/else"))).isTrue();
    assertThat(byDomain.accepts(SpiffeId.parse("spiffe://other.test/a"))).isFalse();
  }

  @Test
  void sidecarTakesItsDefaults() throws Exception {
    MeshSidecar sidecar =
        parse(
                """
                upstreams:
                  a: { endpoints: [ { url: "http://a:8080" } ], mesh: { sidecar: { mesh: linkerd, service: orders } } }
                routes:
                  - { id: r, match: { path: /** }, upstream: a, public: true }
                """)
            .upstreams()
            .get("a")
            .mesh()
            .sidecar();

    assertThat(sidecar.namespace()).isEqualTo("default");
    assertThat(sidecar.clusterDomain()).isEqualTo("cluster.local");
    assertThat(sidecar.port()).isNull();
    assertThat(sidecar.authority(8080)).isEqualTo("orders.default.svc.cluster.local:8080");
  }

  @Test
  void istioExampleLoads() throws Exception {
    PorticoConfig config = ConfigLoader.load(EXAMPLES.resolve("istio.yaml")).config();

    MeshSidecar orders = config.upstreams().get("orders").mesh().sidecar();
    assertThat(orders.mesh()).isEqualTo(ServiceMesh.ISTIO);
    assertThat(orders.authority(1)).isEqualTo("orders.shop.svc.cluster.local:8080");
    assertThat(config.upstreams().get("catalog").mesh().sidecar().service()).isEqualTo("catalog");
  }

  @Test
  void linkerdExampleLoads() throws Exception {
    PorticoConfig config = ConfigLoader.load(EXAMPLES.resolve("linkerd.yaml")).config();

    assertThat(config.upstreams().get("orders").mesh().sidecar().mesh())
        .isEqualTo(ServiceMesh.LINKERD);
    assertThat(config.upstreams().get("payments").mesh().sidecar().authority(9000))
        .isEqualTo("payments.pay.svc.cluster.local:9000");
  }

  private static PorticoConfig parse(String yaml) throws ConfigRejectedException {
    return ConfigLoader.parse("inline.yaml", yaml).config();
  }
}
