package io.microvx.client;

import io.microvx.errors.MicroException;
import io.microvx.registry.Node;
import io.microvx.selector.NodeStatus;
import io.microvx.selector.SelectOptions;
import io.microvx.selector.Selection;
import io.microvx.selector.Selector;
import io.microvx.transport.Headers;
import io.microvx.transport.Message;
import io.microvx.transport.Transport;
import io.microvx.transport.TransportHandler;
import io.microvx.transport.TransportServer;
import io.microvx.transport.TransportStream;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Nodes without sockets for client tests: a selector that always picks the first node the call has not
 * tried (so which node answers is known), and a transport whose answers a test function decides.
 */
final class StubNodes {

  final List<Node> nodes;
  final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  /** Stream opens tried; every one fails with a 503, as an overloaded node's would. */
  final AtomicInteger streams = new AtomicInteger();
  private final BiFunction<String, Integer, Future<Message>> answer;

  /** {@code answer} gets the node's address and the number of the request at that node (1 for the first). */
  StubNodes(int count, BiFunction<String, Integer, Future<Message>> answer) {
    this.nodes = java.util.stream.IntStream.range(0, count)
      .mapToObj(i -> new Node("node-" + i, "stub-" + i + ":1")).toList();
    this.answer = answer;
  }

  /** Requests sent, all nodes together. */
  int total() {
    return requests.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  int at(int node) {
    AtomicInteger n = requests.get(nodes.get(node).address());
    return n == null ? 0 : n.get();
  }

  static Future<Message> reply(String body) {
    return Future.succeededFuture(Message.of(Buffer.buffer(body)));
  }

  static Future<Message> error(int code) {
    return Future.succeededFuture(Message.of(Buffer.buffer())
      .header(Headers.MICRO_ERROR, new MicroException("stub", "overloaded", code).toJson()));
  }

  Selector selector() {
    return new Selector() {
      @Override
      public Future<Selection> select(String service, SelectOptions options) {
        for (Node node : nodes) {
          if (!options.excluded().contains(node.id())) {
            return Future.succeededFuture(selection(node));
          }
        }
        return Future.succeededFuture(selection(nodes.get(0)));
      }

      @Override
      public List<NodeStatus> status(String service) {
        return List.of();
      }

      @Override
      public Future<Void> close() {
        return Future.succeededFuture();
      }
    };
  }

  private static Selection selection(Node node) {
    return new Selection() {
      @Override
      public Node node() {
        return node;
      }

      @Override
      public void done(Throwable nodeFault) {
      }
    };
  }

  Transport transport() {
    return new Transport() {
      @Override
      public String name() {
        return "stub";
      }

      @Override
      public Future<Message> request(String address, Message request, Duration timeout) {
        int n = requests.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        return answer.apply(address, n);
      }

      @Override
      public Future<TransportStream> openStream(String address, Message header, Duration timeout) {
        streams.incrementAndGet();
        return Future.failedFuture(new MicroException("stub", "overloaded", 503));
      }

      @Override
      public Future<TransportServer> listen(String address, String advertise, TransportHandler handler) {
        return Future.failedFuture(new UnsupportedOperationException("stub transport does not listen"));
      }

      @Override
      public Future<Void> close() {
        return Future.succeededFuture();
      }
    };
  }
}
