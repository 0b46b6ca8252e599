package io.microvx.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 in front of a real server, so a test can cut the server off as a network
 * fault would without stopping it: {@link #takeDown()} closes every connection through the gate and
 * refuses new ones (they are accepted and closed at once), {@link #bringBack()} forwards again. Plugins
 * under test dial {@link #address()} instead of the server's.
 */
public final class TcpGate implements RegistryContract.Backend {

  private final Vertx vertx;
  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean down;

  private TcpGate(Vertx vertx, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0))
      .connectHandler(inbound -> {
        if (down) {
          inbound.close();
          return;
        }
        inbound.pause();
        client.connect(targetPort, targetHost).onComplete(ar -> {
          if (ar.failed() || down) {
            inbound.close();
            if (ar.succeeded()) {
              ar.result().close();
            }
            return;
          }
          NetSocket outbound = ar.result();
          track(inbound, outbound);
          track(outbound, inbound);
          inbound.pipeTo(outbound);
          outbound.pipeTo(inbound);
          inbound.resume();
        });
      });
  }

  /** A gate forwarding to {@code host:port}, listening once this returns. */
  public static TcpGate open(Vertx vertx, String target) {
    int colon = target.lastIndexOf(':');
    TcpGate gate = new TcpGate(vertx, target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
    Await.result(gate.server.listen());
    return gate;
  }

  private void track(NetSocket socket, NetSocket peer) {
    open.add(socket);
    socket.closeHandler(v -> {
      open.remove(socket);
      peer.close();
    });
  }

  /** The gate's own address, {@code 127.0.0.1:port}. */
  public String address() {
    return "127.0.0.1:" + server.actualPort();
  }

  @Override
  public void takeDown() {
    down = true;
    vertx.runOnContext(v -> open.forEach(NetSocket::close));
    Await.until("every connection through the gate to close", open::isEmpty);
  }

  @Override
  public void bringBack() {
    down = false;
  }

  public void close() {
    Await.result(server.close().eventually(client::close));
  }
}
