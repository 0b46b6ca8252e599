package io.microvx.transport.rabbitmq;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread writing to the transport's channels: the Java client writes to its socket as it publishes
 * (a blocking call, never for an event loop), and one writer keeps each channel's frames in order. Work
 * queued while the thread writes is taken in the same turn, so a burst costs one hand-off, not one each.
 */
final class Outbox {

  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** A write that may fail; its failure goes to {@code failed}, on the outbox's thread. */
  interface Write {
    void run() throws Exception;

    default void failed(Exception e) {
      log.debug("a rabbitmq transport write failed", e);
    }
  }

  private final Queue<Write> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ThreadPoolExecutor thread;

  Outbox(String name) {
    thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), work -> {
      Thread t = new Thread(work, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues the write; false when the outbox is shut down (the write was not queued). */
  boolean add(Write write) {
    if (thread.isShutdown()) {
      return false;
    }
    queued.add(write);
    if (scheduled.compareAndSet(false, true)) {
      try {
        thread.execute(this::drain);
      } catch (RejectedExecutionException e) {
        scheduled.set(false);
        return queued.remove(write) ? false : true;
      }
    }
    return true;
  }

  private void drain() {
    while (true) {
      Write next;
      while ((next = queued.poll()) != null) {
        try {
          next.run();
        } catch (Exception e) {
          next.failed(e);
        }
      }
      scheduled.set(false);
      // something added after the last poll but before the flag was cleared is taken here
      if (queued.isEmpty() || !scheduled.compareAndSet(false, true)) {
        return;
      }
    }
  }

  /** Runs what is queued, then stops the thread. */
  void shutdown() {
    thread.shutdown();
  }
}
