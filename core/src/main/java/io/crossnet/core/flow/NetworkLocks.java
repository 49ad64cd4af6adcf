package io.crossnet.core.flow;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes operations on one network while operations on different networks run in parallel.
 * A lock per network id, forgotten when the network is deleted: a caller still waiting on the old
 * lock then finds the network gone, so two lock objects for one id never guard live work. The
 * locks are fair: the reconciler takes a network's lock once per endpoint, and an API call
 * waiting meanwhile must get it next, not after every endpoint of the pass.
 */
final class NetworkLocks {
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  <T> T with(String networkId, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(networkId, k -> new ReentrantLock(true));
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  void forget(String networkId) {
    locks.remove(networkId);
  }
}
