package io.crossnet.linux.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One selector thread serving the TCP listeners of many sandboxes' DNS servers (their UDP sockets
 * are {@link UdpLoops}'): a sandbox costs a registered channel, not a thread, so attaching one
 * starts no thread, and 5,000 sandboxes do not mean 5,000 stacks. The thread is started by the
 * constructor, so it must be built on a thread of the service's own namespace (never inside a
 * namespace task); the channels it serves may belong to any namespace, because a socket stays in
 * the namespace it was opened in.
 */
final class DnsLoop implements AutoCloseable {
  private static final int CLOSE_WAIT_SECONDS = 5;

  /** What a registered channel does when it is ready; runs on the loop thread and must not block. */
  interface Ready {
    void ready(SelectionKey key);
  }

  /**
   * A task for the loop thread, to run once a whole select has begun and ended after {@code after}
   * selects had ended. One ended select is not enough: {@code after} may have been read between a
   * select's return and the count's increment, and that select began before the task was queued.
   */
  private record Task(long after, Runnable run) {}

  private final Selector selector;
  private final Thread thread;
  private final Consumer<Throwable> failed;
  private final Queue<Task> tasks = new ConcurrentLinkedQueue<>();
  /** Selects completed; only the loop thread writes it. */
  private volatile long selects;

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
   * Makes the channel non-blocking and serves it once the loop next wakes: registering does not
   * wait for the loop's current select (JDK 11+), but that select does not see the channel, so
   * call {@link #wakeup} after the last of a server's channels (one wake-up, not one per channel).
   */
  SelectionKey register(SelectableChannel channel, int ops, Ready ready) throws IOException {
    channel.configureBlocking(false);
    return channel.register(selector, ops, ready);
  }

  /** Makes channels registered since the loop's current select count at once. */
  void wakeup() {
    selector.wakeup();
  }

  /**
   * Closes channels registered here and returns once their sockets are really gone. A closed
   * channel keeps its socket until the loop drops its key, so without the wait a sandbox attached
   * again at once could not bind 127.0.0.11:53 there (and its namespace would outlive it a while).
   * A select drops the keys cancelled before it begins, so the task waits for a select that began
   * after the close.
   */
  void close(SelectableChannel... channels) {
    for (SelectableChannel c : channels) {
      try {
        c.close();
      } catch (IOException e) {
        failed.accept(e);
      }
    }
    if (Thread.currentThread() == thread || !thread.isAlive()) {
      return;
    }
    CompletableFuture<Void> dropped = new CompletableFuture<>();
    tasks.add(new Task(selects, () -> dropped.complete(null)));
    selector.wakeup();
    try {
      // join waits through interrupts: the caller's detach must not return with the socket still bound
      dropped.orTimeout(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS).join();
    } catch (CompletionException e) {
      failed.accept(new IOException("DNS loop did not drop closed sockets in " + CLOSE_WAIT_SECONDS + " s"));
    }
  }

  private void run() {
    while (true) {
      try {
        // a pending task needs one more select to begin and end: do not block in it
        if (tasks.isEmpty()) {
          selector.select(this::dispatch);
        } else {
          selector.selectNow(this::dispatch);
        }
        selects++;
        runTasks();
      } catch (ClosedSelectorException e) {
        runTasks();
        return;
      } catch (IOException | RuntimeException e) {
        if (!selector.isOpen()) {
          return;
        }
        failed.accept(e);
      }
    }
  }

  /** Runs the tasks whose select has ended; a later one waits for the next select. */
  private void runTasks() {
    for (Task t = tasks.peek(); t != null && (t.after() + 1 < selects || !selector.isOpen()); t = tasks.peek()) {
      tasks.poll();
      t.run().run();
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
