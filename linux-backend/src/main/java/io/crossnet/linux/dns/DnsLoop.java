package io.crossnet.linux.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * One selector thread serving the sockets of many sandboxes' DNS servers. A sandbox costs two
 * registered channels, not two threads: attaching one starts no thread, and 5,000 sandboxes do
 * not mean 10,000 stacks. The thread is started by the constructor, so it must be built on a
 * thread of the service's own namespace (never inside a namespace task); the channels it serves
 * may belong to any namespace, because a socket stays in the namespace it was opened in.
 */
final class DnsLoop implements AutoCloseable {
  /** What a registered channel does when it is ready; runs on the loop thread and must not block. */
  interface Ready {
    void ready(SelectionKey key);
  }

  private final Selector selector;
  private final Thread thread;
  private final Consumer<Throwable> failed;

  DnsLoop(String name, Consumer<Throwable> failed) {
    this.failed = failed;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for the DNS servers", e);
    }
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Makes the channel non-blocking and serves it from now on. Registering does not wait for the
   * loop's current select (JDK 11+); the wakeup makes the new interest count at once.
   */
  SelectionKey register(SelectableChannel channel, int ops, Ready ready) throws IOException {
    channel.configureBlocking(false);
    SelectionKey key = channel.register(selector, ops, ready);
    selector.wakeup();
    return key;
  }

  /** Lets the loop drop cancelled keys now, which closes their sockets (and so frees their namespace). */
  void wakeup() {
    selector.wakeup();
  }

  private void run() {
    while (true) {
      try {
        selector.select(this::dispatch);
      } catch (ClosedSelectorException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (!selector.isOpen()) {
          return;
        }
        failed.accept(e);
      }
    }
  }

  private void dispatch(SelectionKey key) {
    try {
      if (key.isValid()) {
        ((Ready) key.attachment()).ready(key);
      }
    } catch (RuntimeException e) {
      // one server's bug costs one answer, not the loop every other sandbox depends on
      failed.accept(e);
    }
  }

  @Override
  public void close() {
    try {
      selector.close();
    } catch (IOException e) {
      failed.accept(e);
    }
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
