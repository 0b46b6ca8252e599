package io.microvx.selector;

import io.vertx.core.net.endpoint.ServerEndpoint;
import io.vertx.core.net.endpoint.ServerSelector;

import java.util.Arrays;
import java.util.List;

/**
 * A consistent-hash ring over endpoint keys: sorted 64-bit points, each endpoint at many virtual points,
 * a key going to the first point at or after its hash. Lookups are a hash and a binary search, with no
 * allocation (Vert.x's own ring digests with MD5 per call).
 */
final class HashRing implements ServerSelector {

  static final int DEFAULT_VIRTUAL_NODES = 64;

  private final long[] points;
  private final int[] owners;
  private final ServerSelector fallback;

  HashRing(List<? extends ServerEndpoint> servers, int virtualNodes, ServerSelector fallback) {
    this.fallback = fallback;
    int size = servers.size() * virtualNodes;
    long[] hashes = new long[size];
    int[] index = new int[size];
    int at = 0;
    for (int s = 0; s < servers.size(); s++) {
      String key = servers.get(s).key();
      for (int v = 0; v < virtualNodes; v++) {
        hashes[at] = mix(hash(key) + v * 0x9E3779B97F4A7C15L);
        index[at] = s;
        at++;
      }
    }
    // sort points, carrying their owners along
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(hashes[a], hashes[b]));
    this.points = new long[size];
    this.owners = new int[size];
    for (int i = 0; i < size; i++) {
      points[i] = hashes[order[i]];
      owners[i] = index[order[i]];
    }
  }

  @Override
  public int select() {
    return fallback.select();
  }

  @Override
  public int select(String key) {
    if (points.length == 0) {
      return -1;
    }
    int at = Arrays.binarySearch(points, mix(hash(key)));
    if (at < 0) {
      at = -at - 1;
    }
    return owners[at == points.length ? 0 : at];
  }

  /** FNV-1a over the UTF-16 chars: stable across runs, unlike String.hashCode's spread. */
  static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** MurmurHash3's 64-bit finalizer, so nearby keys land far apart. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
