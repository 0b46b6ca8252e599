package io.microvx.registry.vertx;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts a clustered Vert.x over Hazelcast as the {@code vertx} registry wants it: members found by TCP
 * on the listed addresses (multicast and cloud auto-detection off), bound to the cluster host only, the
 * event bus on the same host, and Hazelcast's phone-home off. Several Vert.x instances clustered so share
 * one Service Discovery, hence one registry.
 */
public final class VertxCluster {

  /** How many ports from the cluster port upwards a member takes and a joiner tries. */
  static final int PORT_COUNT = 10;

  private VertxCluster() {
  }

  /** A clustered Vert.x joined to the cluster the options describe; fails with one line when it cannot. */
  public static Future<Vertx> start(VertxDiscoveryOptions options) {
    return start(new VertxOptions(), options);
  }

  /** The same, from Vert.x options of the caller's (their event bus host and port are set here). */
  public static Future<Vertx> start(VertxOptions vertxOptions, VertxDiscoveryOptions options) {
    Config config = hazelcastConfig(options);
    VertxOptions clustered = new VertxOptions(vertxOptions).setEventBusOptions(
      new EventBusOptions(vertxOptions.getEventBusOptions()).setHost(options.getClusterHost()).setPort(0)
        .setClusterPublicHost(options.getClusterHost()));
    return Vertx.builder().with(clustered).withClusterManager(new HazelcastClusterManager(config)).buildClustered()
      .recover(failure -> Future.failedFuture(new IllegalStateException("cannot join the Vert.x cluster \""
        + options.getClusterName() + "\" on " + options.getClusterHost() + ":" + options.getClusterPort()
        + " (members " + String.join(",", options.getClusterMembers()) + "): " + failure.getMessage(), failure)));
  }

  /** The {@code host:port} other members reach this clustered Vert.x at (its Hazelcast member address). */
  public static String memberAddress(Vertx clustered) {
    var address = hazelcast(clustered).getCluster().getLocalMember().getAddress();
    return address.getHost() + ":" + address.getPort();
  }

  /** How many members the cluster of this Vert.x has, itself included. */
  public static int memberCount(Vertx clustered) {
    return hazelcast(clustered).getCluster().getMembers().size();
  }

  private static com.hazelcast.core.HazelcastInstance hazelcast(Vertx clustered) {
    if (!(clustered instanceof VertxInternal internal) || !(internal.clusterManager() instanceof HazelcastClusterManager manager)) {
      throw new IllegalArgumentException("not a Vert.x clustered over Hazelcast");
    }
    return manager.getHazelcastInstance();
  }

  /** The Hazelcast configuration {@link #start} uses: TCP-IP join, never multicast. */
  public static Config hazelcastConfig(VertxDiscoveryOptions options) {
    Config config = new Config();
    config.setClusterName(options.getClusterName());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // nobody reads Hazelcast's own metrics, and their collection logs a stack trace when a member stops mid-cycle
    config.getMetricsConfig().setEnabled(false);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.socket.bind.any", "false");
    // a lone first member need not wait 5 s for others before it serves
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.tcp.join.port.try.count", String.valueOf(PORT_COUNT));
    // a killed member is dropped after 10 s without heartbeats instead of 60
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(options.getClusterPort()).setPortAutoIncrement(true).setPortCount(PORT_COUNT);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(options.getClusterHost()));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    List<String> members = new ArrayList<>(options.getClusterMembers());
    join.getTcpIpConfig().setEnabled(true).setMembers(members).setConnectionTimeoutSeconds(2);

    // what vertx-hazelcast's default-cluster.xml declares for Vert.x's own structures
    config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
      .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
    return config;
  }
}
