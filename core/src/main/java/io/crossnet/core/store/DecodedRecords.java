package io.crossnet.core.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Records decoded before, keyed by the exact array they came from. MVStore hands back the same
 * array for a key until its value is replaced (or its page is read back from disk, which makes a
 * new one), and records are immutable, so a hit is the record itself without parsing JSON again:
 * an attach reads its network several times and each read cost a Jackson parse.
 */
final class DecodedRecords<T> {
  private record Entry<T>(byte[] raw, T value) {}

  private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();
  private final Function<byte[], T> decode;

  DecodedRecords(Function<byte[], T> decode) {
    this.decode = decode;
  }

  /** The record stored under {@code key} as {@code raw}. */
  T get(String key, byte[] raw) {
    Entry<T> e = entries.get(key);
    if (e != null && e.raw() == raw) {
      return e.value();
    }
    T value = decode.apply(raw);
    entries.put(key, new Entry<>(raw, value));
    return value;
  }

  /** Remembers what was just encoded, so the next read of it is a hit. */
  void put(String key, byte[] raw, T value) {
    entries.put(key, new Entry<>(raw, value));
  }

  void forget(String key) {
    entries.remove(key);
  }

  /** After a rollback nothing cached may describe a state that no longer exists. */
  void clear() {
    entries.clear();
  }
}
