package dev.portico.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/**
 * HTTP/2 and gRPC through the assembled gateway: HTTP/1.1, h2c with prior knowledge and h2c by
 * Upgrade on the one listener port; a real grpc-java client calling a real grpc-java server behind
 * an {@code h2c} upstream (unary, server, client and bidi streaming, statuses and trailers,
 * deadlines); and Portico's own refusals of gRPC calls answered as gRPC statuses.
 */
class GrpcProxyTest {

  static GrpcEcho backend;
  static WireMockServer plain;
  static StubIssuer issuer;
  static PorticoGateway gateway;
  static ManagedChannel channel;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    backend =
        GrpcEcho.start("test.Echo", "test.Secure", "test.Limited", "test.Admin", "test.Hurried");
    plain = Upstreams.wiremock();
    plain.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("plain")));
    issuer = StubIssuer.start("/realms/grpc");
    gateway =
        PorticoGateway.start(
            dir,
            """
            issuers:
              test: { issuer: "%1$s", audiences: [grpc-api] }
            rate-limits:
              two-per-minute: { limits: [2/min], burst: 2, key: [client-ip] }
            upstreams:
              grpc: { endpoints: [ { url: "http://127.0.0.1:%2$d" } ], protocol: h2c }
              down: { endpoints: [ { url: "http://127.0.0.1:%3$d" } ], protocol: h2c }
              plain: { endpoints: [ { url: "http://127.0.0.1:%4$d" } ] }
            routes:
              - id: echo
                match: { path: /test.Echo/** }
                upstream: grpc
                public: true
                timeout: 10s
              - id: secure
                match: { path: /test.Secure/** }
                upstream: grpc
                auth: { bearer: { issuers: [test] } }
              - id: admin
                match: { path: /test.Admin/** }
                upstream: grpc
                auth: { bearer: { issuers: [test] } }
                authorization:
                  allow:
                    - name: admins
                      roles: { any-of: [grpc-admin] }
              - id: hurried
                match: { path: /test.Hurried/** }
                upstream: grpc
                public: true
                timeout: 300ms
              - id: limited
                match: { path: /test.Limited/** }
                upstream: grpc
                public: true
                rate-limits: [two-per-minute]
              - id: down
                match: { path: /test.Down/** }
                upstream: down
                public: true
              - id: plain
                match: { path: /plain/** }
                upstream: plain
                public: true
            """
                .formatted(issuer.issuer(), backend.port(), Upstreams.closedPort(), plain.port()));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", gateway.port()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    if (gateway != null) {
      gateway.close();
    }
    if (backend != null) {
      backend.close();
    }
    if (plain != null) {
      plain.stop();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  private static CallOptions inTime() {
    return CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private static String say(Channel on, String service, String request) {
    return ClientCalls.blockingUnaryCall(
        on, GrpcEcho.method(service, "Say", MethodType.UNARY), inTime(), request);
  }

  private static Status failure(Runnable call) {
    return catchThrowableOfType(StatusRuntimeException.class, call::run).getStatus();
  }

  @Test
  void http11AndH2cByPriorKnowledgeAndByUpgradeShareTheListenerPort() {
    assertThat(versionAndBody(HttpClient.create().protocol(HttpProtocol.HTTP11)))
        .isEqualTo("HTTP/1.1 plain");
    assertThat(versionAndBody(HttpClient.create().protocol(HttpProtocol.H2C)))
        .isEqualTo("HTTP/2.0 plain");
    assertThat(versionAndBody(HttpClient.create().protocol(HttpProtocol.HTTP11, HttpProtocol.H2C)))
        .isEqualTo("HTTP/2.0 plain");
  }

  private static String versionAndBody(HttpClient client) {
    return client
        .get()
        .uri(gateway.baseUrl() + "/plain/hello")
        .responseSingle(
            (response, body) -> body.asString().map(text -> response.version().text() + " " + text))
        .block(Duration.ofSeconds(20));
  }

  @Test
  void unaryCallIsProxiedToAnH2cUpstream() {
    assertThat(say(channel, "test.Echo", "portico")).isEqualTo("hello portico");
  }

  @Test
  void serverStreamingDeliversEveryMessageInOrder() {
    List<String> received = new ArrayList<>();
    ClientCalls.blockingServerStreamingCall(
            channel,
            GrpcEcho.method("test.Echo", "Count", MethodType.SERVER_STREAMING),
            inTime(),
            "500")
        .forEachRemaining(received::add);
    assertThat(received).hasSize(500);
    assertThat(received.get(0)).isEqualTo("0");
    assertThat(received.get(499)).isEqualTo("499");
  }

  @Test
  void clientStreamingSendsEveryMessageUpstream() throws Exception {
    CompletableFuture<String> joined = new CompletableFuture<>();
    StreamObserver<String> requests =
        ClientCalls.asyncClientStreamingCall(
            channel.newCall(
                GrpcEcho.method("test.Echo", "Join", MethodType.CLIENT_STREAMING), inTime()),
            observer(joined::complete, joined::completeExceptionally));
    for (int i = 0; i < 100; i++) {
      requests.onNext("m" + i);
    }
    requests.onCompleted();
    String result = joined.get(20, TimeUnit.SECONDS);
    assertThat(result.split(",")).hasSize(100).startsWith("m0", "m1").endsWith("m99");
  }

  @Test
  void bidiStreamingAnswersEachMessageBeforeTheClientHasFinished() throws Exception {
    BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<String> requests =
        ClientCalls.asyncBidiStreamingCall(
            channel.newCall(
                GrpcEcho.method("test.Echo", "Shout", MethodType.BIDI_STREAMING), inTime()),
            new StreamObserver<>() {
              @Override
              public void onNext(String value) {
                replies.add(value);
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.complete(null);
              }
            });
    for (String word : List.of("ping", "pong", "done")) {
      requests.onNext(word);
      // The reply comes back while the request stream is still open: a real conversation.
      assertThat(replies.poll(20, TimeUnit.SECONDS)).isEqualTo(word.toUpperCase());
    }
    requests.onCompleted();
    done.get(20, TimeUnit.SECONDS);
  }

  @Test
  void anErrorStatusFromTheServerReachesTheClientWithItsCodeAndMessage() {
    Status status = failure(() -> say(channel, "test.Echo", "fail:name must not be empty"));
    assertThat(status.getCode()).as(status.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).isEqualTo("name must not be empty");
  }

  @Test
  void anErrorAfterStreamedMessagesKeepsItsStatusInTheTrailers() {
    List<String> received = new ArrayList<>();
    Status status =
        failure(
            () ->
                ClientCalls.blockingServerStreamingCall(
                        channel,
                        GrpcEcho.method("test.Echo", "Count", MethodType.SERVER_STREAMING),
                        inTime(),
                        "3-then-fail")
                    .forEachRemaining(received::add));
    assertThat(received).containsExactly("0", "1", "2");
    assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(status.getDescription()).isEqualTo("ran out after 3");
  }

  @Test
  void aDeadlineShorterThanTheServersDelayEndsInDeadlineExceeded() {
    Status status =
        failure(
            () ->
                ClientCalls.blockingUnaryCall(
                    channel,
                    GrpcEcho.method("test.Echo", "Say", MethodType.UNARY),
                    CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS),
                    "slow"));
    assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
  }

  @Test
  void porticoEndsACallWhoseGrpcTimeoutPassesWithDeadlineExceeded() {
    double before = gateway.counter("portico.grpc.deadlines.exceeded");
    // A raw h2c call, so the answer is Portico's and not the client library's own deadline.
    var headers =
        HttpClient.create()
            .protocol(HttpProtocol.H2C)
            .headers(
                h ->
                    h.set("content-type", "application/grpc")
                        .set("te", "trailers")
                        .set("grpc-timeout", "200m"))
            .post()
            .uri(gateway.baseUrl() + "/test.Echo/Say")
            .send(ByteBufFlux.fromString(Mono.just(grpcFrame("slow"))))
            .responseSingle(
                (response, body) ->
                    body.asString()
                        .defaultIfEmpty("")
                        .map(
                            text ->
                                response.status().code()
                                    + " "
                                    + response.responseHeaders().get("content-type")
                                    + " "
                                    + response.responseHeaders().get("grpc-status")
                                    + " body="
                                    + text.length()))
            .block(Duration.ofSeconds(20));
    assertThat(headers).isEqualTo("200 application/grpc 4 body=0");
    assertThat(gateway.counter("portico.grpc.deadlines.exceeded")).isEqualTo(before + 1);
  }

  /** One length-prefixed gRPC message, as text bytes (ISO-8859-1 keeps them one to one). */
  private static String grpcFrame(String message) {
    byte[] payload = message.getBytes(StandardCharsets.UTF_8);
    ByteBuffer frame = ByteBuffer.allocate(5 + payload.length);
    frame.put((byte) 0).putInt(payload.length).put(payload);
    return new String(frame.array(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aCallWithoutTokenToAnAuthenticatedRouteIsUnauthenticated() {
    Status status = failure(() -> say(channel, "test.Secure", "anyone"));
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).isNotBlank();
  }

  @Test
  void aCallWithAValidTokenToAnAuthenticatedRouteIsServed() throws Exception {
    assertThat(say(withToken("alice"), "test.Secure", "alice")).isEqualTo("hello alice");
  }

  /** The channel with a valid bearer token for {@code subject} on every call. */
  private static Channel withToken(String subject) throws Exception {
    String token =
        StubIssuer.sign(
            issuer.claims(subject, "grpc-api", Duration.ofMinutes(5)).build(), issuer.key());
    Metadata metadata = new Metadata();
    metadata.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return ClientInterceptors.intercept(
        channel, MetadataUtils.newAttachHeadersInterceptor(metadata));
  }

  @Test
  void aCallTheCallerMayNotMakeIsPermissionDenied() throws Exception {
    Channel bob = withToken("bob");
    Status status = failure(() -> say(bob, "test.Admin", "bob"));
    assertThat(status.getCode()).as(status.toString()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void theRouteTimeoutEndsASlowCallWithDeadlineExceededFromPortico() {
    // The client's own deadline is far away: the status is Portico's 504 in gRPC form.
    Status status = failure(() -> say(channel, "test.Hurried", "slow"));
    assertThat(status.getCode()).as(status.toString()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(status.getDescription()).isEqualTo("The upstream did not answer in time.");
  }

  @Test
  void aRateLimitedCallIsResourceExhausted() {
    assertThat(say(channel, "test.Limited", "1")).isEqualTo("hello 1");
    assertThat(say(channel, "test.Limited", "2")).isEqualTo("hello 2");
    Status status = failure(() -> say(channel, "test.Limited", "3"));
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void aCallToAnUpstreamThatIsDownIsUnavailable() {
    Status status = failure(() -> say(channel, "test.Down", "anyone"));
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getDescription()).contains("upstream");
  }

  @Test
  void aCallNoRouteTakesIsUnimplemented() {
    Status status = failure(() -> say(channel, "test.Nowhere", "anyone"));
    assertThat(status.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(status.getDescription()).contains("/test.Nowhere/Say");
  }

  private static <T> StreamObserver<T> observer(
      java.util.function.Consumer<T> onValue, java.util.function.Consumer<Throwable> onError) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        onValue.accept(value);
      }

      @Override
      public void onError(Throwable t) {
        onError.accept(t);
      }

      @Override
      public void onCompleted() {}
    };
  }
}
