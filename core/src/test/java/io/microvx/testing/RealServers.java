package io.microvx.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * The real servers a plugin's tests talk to, as {@code scripts/services/start} started them: their
 * addresses come in {@code MICRO_TEST_*} variables (scripts/test sets them). A server that is not set or
 * does not answer fails the test under CI and skips it elsewhere, saying how to start it.
 */
public final class RealServers {

  private RealServers() {
  }

  /** etcd's client address, {@code host:port}. */
  public static String etcd() {
    return require("etcd", "MICRO_TEST_ETCD");
  }

  /** nats-server's URL, {@code nats://host:port}, JetStream enabled. */
  public static String nats() {
    return require("nats", "MICRO_TEST_NATS");
  }

  /** RabbitMQ's AMQP URI, {@code amqp://guest:guest@127.0.0.1:port} (a node of its own). */
  public static String rabbitmq() {
    return require("rabbitmq", "MICRO_TEST_RABBITMQ");
  }

  /** A Kafka broker's bootstrap address, {@code 127.0.0.1:port} (KRaft, one node, started from Maven Central jars). */
  public static String kafka() {
    return require("kafka", "MICRO_TEST_KAFKA");
  }

  /**
   * Prosody's client address, {@code 127.0.0.1:port}: XMPP domain {@code localhost}, plain connections,
   * a multi-user chat service {@code conference.localhost}, users bot, ada and mallory (password {@code <name>-pw}).
   */
  public static String prosody() {
    return require("prosody", "MICRO_TEST_PROSODY");
  }

  /** Prometheus' address, {@code 127.0.0.1:port}, scraping every second the targets in {@link #prometheusTargets()}. */
  public static String prometheus() {
    return require("prometheus", "MICRO_TEST_PROMETHEUS");
  }

  /**
   * The folder whose JSON files name what the test Prometheus scrapes (file-based service discovery): a test
   * writes one file of its own, {@code [{"targets":["127.0.0.1:<port>"],"labels":{...}}]}, and removes it.
   */
  public static java.nio.file.Path prometheusTargets() {
    prometheus();
    return java.nio.file.Path.of(System.getenv("MICRO_TEST_PROMETHEUS_TARGETS"));
  }

  /**
   * The value of {@code variable} naming the address of the service {@code name}, once something answers
   * there; otherwise fails (CI) or skips the calling test.
   */
  public static String require(String name, String variable) {
    String address = System.getenv(variable);
    String start = " (start it with scripts/services/start " + name + ", then export .services/env)";
    Ci.require(address != null && !address.isBlank(), name + " is not running: " + variable + " is not set" + start);
    Ci.require(answers(address), name + " does not answer at " + address + start);
    return address;
  }

  /** A loopback port nobody listens on now, chosen by the system, for a server a test starts itself. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError("no free loopback port", e);
    }
  }

  /** Whether a TCP connection to {@code host:port} (or a URL's) opens within a second. */
  public static boolean answers(String address) {
    URI uri = URI.create(address.contains("://") ? address : "tcp://" + address);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }
}
