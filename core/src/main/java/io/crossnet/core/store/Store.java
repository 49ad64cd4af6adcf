package io.crossnet.core.store;

import java.util.function.Function;

/**
 * Durable state. Every {@link #write} is atomic: all of its changes or none. A write marked
 * {@link Durability#SYNC} is on stable storage when it returns, so it may be acknowledged.
 */
public interface Store extends AutoCloseable {

  <T> T read(Function<StoreView, T> work);

  <T> T write(Durability durability, Function<StoreTx, T> work);

  @Override
  void close();

  /**
   * {@code SYNC} for what the API acknowledges. {@code ASYNC} for intents: losing one in a crash
   * loses nothing acknowledged, because the objects it names carry crossnet's mark and the
   * reconciler removes marked objects that have no record.
   */
  enum Durability {
    SYNC,
    ASYNC
  }
}
