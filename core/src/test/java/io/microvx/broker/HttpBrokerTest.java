package io.microvx.broker;

import io.microvx.registry.CacheOptions;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Registry;
import io.microvx.registry.Service;
import io.microvx.testing.Await;
import io.microvx.testing.BrokerContract;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

class HttpBrokerTest extends BrokerContract {

  private final Map<Broker, CachingRegistry> caches = new ConcurrentHashMap<>();

  @Override
  protected Broker newBroker(BrokerOptions options) {
    CachingRegistry cache = Registry.cached(vertx, registry, new CacheOptions());
    Broker broker = Broker.http(vertx, cache, options.setAddress("127.0.0.1:0"), 4 * 1024 * 1024);
    caches.put(broker, cache);
    return broker;
  }

  @Override
  protected void awaitSubscribers(Broker publisher, String topic, int count) {
    CachingRegistry cache = caches.get(publisher);
    Await.until(count + " subscriber(s) of " + topic + " in the publisher's cache", () -> {
      List<Service> services = Await.result(cache.getService(HttpOutbox.SERVICE));
      return services.stream().flatMap(s -> s.nodes().stream())
        .filter(n -> topic.equals(n.metadata().get("topic"))).count() == count;
    });
  }
}
