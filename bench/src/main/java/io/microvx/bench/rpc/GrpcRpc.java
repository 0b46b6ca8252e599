package io.microvx.bench.rpc;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * gRPC-java unary calls on its shaded Netty, bytes in and out through a byte-array marshaller (no protoc),
 * the JSON handled as in the other systems. Server and channel run their callbacks on the Netty threads
 * ({@code directExecutor}), gRPC's advice for handlers that never block, so no thread hop is counted
 * against it. One channel: one HTTP/2 connection carrying all the calls, gRPC's normal shape.
 */
final class GrpcRpc implements RpcSystem {

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
    .setType(MethodDescriptor.MethodType.UNARY)
    .setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Echo", "Echo"))
    .setRequestMarshaller(BYTES)
    .setResponseMarshaller(BYTES)
    .build();

  private final Server server;
  private final ManagedChannel channel;

  private GrpcRpc(Server server, ManagedChannel channel) {
    this.server = server;
    this.channel = channel;
  }

  static GrpcRpc start() throws IOException {
    ServerServiceDefinition service = ServerServiceDefinition.builder("bench.Echo")
      .addMethod(ECHO, ServerCalls.asyncUnaryCall((byte[] request, StreamObserver<byte[]> reply) -> {
        Payload echoed = RpcSystem.decode(request);
        reply.onNext(RpcSystem.encode(echoed));
        reply.onCompleted();
      }))
      .build();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
      .directExecutor()
      .addService(service)
      .build()
      .start();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
      .usePlaintext()
      .directExecutor()
      .build();
    return new GrpcRpc(server, channel);
  }

  @Override
  public String name() {
    return "grpc-java";
  }

  @Override
  public Executor callers() {
    return Runnable::run;
  }

  @Override
  public void call(Done done) {
    ClientCalls.asyncUnaryCall(channel.newCall(ECHO, CallOptions.DEFAULT), RpcSystem.encode(Payload.SAMPLE),
      new StreamObserver<>() {
        @Override
        public void onNext(byte[] value) {
          RpcSystem.decode(value);
        }

        @Override
        public void onError(Throwable t) {
          done.done(t);
        }

        @Override
        public void onCompleted() {
          done.done(null);
        }
      });
  }

  @Override
  public Payload callOnce() throws Exception {
    CompletableFuture<Payload> reply = new CompletableFuture<>();
    ClientCalls.asyncUnaryCall(channel.newCall(ECHO, CallOptions.DEFAULT), RpcSystem.encode(Payload.SAMPLE),
      new StreamObserver<>() {
        @Override
        public void onNext(byte[] value) {
          reply.complete(RpcSystem.decode(value));
        }

        @Override
        public void onError(Throwable t) {
          reply.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
          reply.completeExceptionally(new IllegalStateException("no reply"));
        }
      });
    return reply.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    server.shutdownNow();
    channel.awaitTermination(10, TimeUnit.SECONDS);
    server.awaitTermination(10, TimeUnit.SECONDS);
  }
}
