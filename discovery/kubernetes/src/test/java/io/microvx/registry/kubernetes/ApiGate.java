package io.microvx.registry.kubernetes;

import io.microvx.testing.Await;
import io.microvx.testing.RegistryContract;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 in front of the mock API server, cutting registries off as a network
 * fault would: {@link #takeDown()} closes the registries' side of every connection and refuses new ones,
 * {@link #bringBack()} forwards again. Unlike core's TcpGate it never lets the mock see a watch's
 * connection end (until the gate closes): fabric8's mock, told that a watch closed or failed while it
 * was sending that watch an event, waits on its event loop for the sender, which itself waits for that
 * event loop, and stops answering anyone for a minute. A real API server does not. So the server's side
 * of a cut connection stays open (as across a partition), and a watch's close frame is not passed on.
 */
final class ApiGate implements RegistryContract.Backend {

  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> registrySides = ConcurrentHashMap.newKeySet();
  private final Set<NetSocket> serverSides = ConcurrentHashMap.newKeySet();
  private volatile boolean down;
  private volatile boolean swallowWatches;

  ApiGate(Vertx vertx, String host, int port) {
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0)).connectHandler(inbound -> {
      if (down) {
        inbound.close();
        return;
      }
      inbound.pause();
      client.connect(port, host).onComplete(ar -> {
        if (ar.failed() || down) {
          inbound.close();
          if (ar.succeeded()) {
            ar.result().close();
          }
          return;
        }
        NetSocket outbound = ar.result();
        registrySides.add(inbound);
        serverSides.add(outbound);
        // a watch's connection: once its request is through, nothing the registry sends (its close
        // frame) reaches the mock, and its hanging up leaves the mock's side open
        StringBuilder head = new StringBuilder();
        boolean[] watch = {false, false}; // {is a watch, request through}
        inbound.handler(data -> {
          if (watch[1]) {
            if (!watch[0]) {
              outbound.write(data);
            }
            return;
          }
          head.append(data.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
          if (head.indexOf("\r\n\r\n") >= 0) {
            watch[0] = head.indexOf("watch=true") >= 0 && head.indexOf("\r\n") > head.indexOf("watch=true");
            watch[1] = true;
            if (watch[0] && swallowWatches) {
              return; // the request never reaches the server: its start is never answered
            }
            outbound.write(Buffer.buffer(head.toString(), "ISO-8859-1"));
          }
        });
        outbound.handler(data -> {
          if (registrySides.contains(inbound)) {
            inbound.write(data);
          }
        });
        inbound.closeHandler(v -> {
          if (registrySides.remove(inbound) && !down && !watch[0]) {
            outbound.close(); // the registry hung up: so does the server's side
          }
        });
        outbound.closeHandler(v -> {
          serverSides.remove(outbound);
          inbound.close();
        });
        inbound.resume();
      });
    });
    Await.result(server.listen());
  }

  String address() {
    return "127.0.0.1:" + server.actualPort();
  }

  @Override
  public void takeDown() {
    down = true;
    for (NetSocket socket : Set.copyOf(registrySides)) {
      registrySides.remove(socket);
      Await.result(socket.close().otherwiseEmpty());
    }
  }

  /** Watch requests from now on are taken and never answered, as by an API server that hangs. */
  void swallowWatches(boolean swallow) {
    swallowWatches = swallow;
  }

  @Override
  public void bringBack() {
    down = false;
  }

  void close() {
    down = true;
    registrySides.forEach(NetSocket::close);
    serverSides.forEach(NetSocket::close);
    Await.result(server.close());
    Await.result(client.close());
  }
}
