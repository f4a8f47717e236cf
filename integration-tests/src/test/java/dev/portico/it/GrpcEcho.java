package dev.portico.it;

import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real grpc-java server on a loopback port (h2c, prior knowledge), as a test fixture. Its methods
 * are described by hand with a UTF-8 string marshaller, so no protoc is needed. Every service name
 * given to {@link #start} gets the same four methods:
 *
 * <ul>
 *   <li>{@code Say} (unary): {@code "hello " + request}; {@code "fail:<text>"} fails with
 *       INVALID_ARGUMENT and that text; {@code "slow"} answers after three seconds;
 *   <li>{@code Count} (server streaming): the numbers {@code 0..n-1}; {@code "<n>-then-fail"} sends
 *       them and then fails with FAILED_PRECONDITION;
 *   <li>{@code Join} (client streaming): the messages joined with commas;
 *   <li>{@code Shout} (bidi streaming): each message upper-cased, as soon as it arrives.
 * </ul>
 */
final class GrpcEcho implements AutoCloseable {

  static final MethodDescriptor.Marshaller<String> UTF8 =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
          return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
          try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private final Server server;
  private final ScheduledExecutorService timer;

  private GrpcEcho(Server server, ScheduledExecutorService timer) {
    this.server = server;
    this.timer = timer;
  }

  static GrpcEcho start(String... services) throws IOException {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    for (String service : services) {
      builder.addService(definition(service, timer));
    }
    return new GrpcEcho(builder.build().start(), timer);
  }

  int port() {
    return server.getPort();
  }

  static MethodDescriptor<String, String> method(String service, String name, MethodType type) {
    return MethodDescriptor.<String, String>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
        .setRequestMarshaller(UTF8)
        .setResponseMarshaller(UTF8)
        .build();
  }

  private static ServerServiceDefinition definition(
      String service, ScheduledExecutorService timer) {
    return ServerServiceDefinition.builder(service)
        .addMethod(
            method(service, "Say", MethodType.UNARY),
            ServerCalls.asyncUnaryCall((request, response) -> say(request, response, timer)))
        .addMethod(
            method(service, "Count", MethodType.SERVER_STREAMING),
            ServerCalls.asyncServerStreamingCall(GrpcEcho::count))
        .addMethod(
            method(service, "Join", MethodType.CLIENT_STREAMING),
            ServerCalls.asyncClientStreamingCall(GrpcEcho::join))
        .addMethod(
            method(service, "Shout", MethodType.BIDI_STREAMING),
            ServerCalls.asyncBidiStreamingCall(GrpcEcho::shout))
        .build();
  }

  private static void say(
      String request, StreamObserver<String> response, ScheduledExecutorService timer) {
    if (request.startsWith("fail:")) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription(request.substring(5)).asRuntimeException());
    } else if (request.equals("slow")) {
      timer.schedule(
          () -> {
            try {
              response.onNext("finally");
              response.onCompleted();
            } catch (RuntimeException cancelled) {
              // The caller gave up first, as the deadline tests intend.
            }
          },
          3,
          TimeUnit.SECONDS);
    } else {
      response.onNext("hello " + request);
      response.onCompleted();
    }
  }

  private static void count(String request, StreamObserver<String> response) {
    boolean fail = request.endsWith("-then-fail");
    int n = Integer.parseInt(fail ? request.substring(0, request.indexOf('-')) : request);
    for (int i = 0; i < n; i++) {
      response.onNext(Integer.toString(i));
    }
    if (fail) {
      response.onError(
          Status.FAILED_PRECONDITION.withDescription("ran out after " + n).asRuntimeException());
    } else {
      response.onCompleted();
    }
  }

  private static StreamObserver<String> join(StreamObserver<String> response) {
    List<String> parts = new ArrayList<>();
    return new StreamObserver<>() {
      @Override
      public void onNext(String value) {
        parts.add(value);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        response.onNext(String.join(",", parts));
        response.onCompleted();
      }
    };
  }

  private static StreamObserver<String> shout(StreamObserver<String> response) {
    return new StreamObserver<>() {
      @Override
      public void onNext(String value) {
        response.onNext(value.toUpperCase(java.util.Locale.ROOT));
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        response.onCompleted();
      }
    };
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    timer.shutdownNow();
  }
}
