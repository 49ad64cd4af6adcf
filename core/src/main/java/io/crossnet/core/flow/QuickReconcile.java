package io.crossnet.core.flow;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Ids;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Network;
import io.crossnet.core.store.Store;
import io.crossnet.core.store.StoreView;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reconciles a network soon after the OS reported a change to one of its objects (its bridge
 * deleted or brought down by hand, an endpoint's link gone with its sandbox), instead of at the
 * next period. It is fed the owner id from the object's mark by the backend's watch
 * ({@link io.crossnet.core.backend.NetworkBackend#watch}) and only schedules: the pass runs on
 * {@code timer} after {@code delay}, so a burst of reports (a bridge goes down, then away, and
 * its ports with it) is one pass, and the reporting thread never waits for the network's lock.
 *
 * <p>Changes crossnet makes itself report too; they are ignored when the owner has no record or
 * a flow is at work on it ({@code PENDING}, {@code DELETING}). A repair's own changes cause at
 * most one more pass, which finds everything in place and does nothing.
 */
public final class QuickReconcile implements Consumer<String> {
  private static final System.Logger LOG = System.getLogger(QuickReconcile.class.getName());
  /** The key of a full pass, asked for when the backend lost reports. */
  private static final String EVERYTHING = "";
  /** What an unmarked link's name carries: the first 13 hex digits of its owner's id. */
  private static final Pattern ID_PREFIX = Pattern.compile("[0-9a-f]{13}");

  private final Store store;
  private final Reconciler reconciler;
  private final ScheduledExecutorService timer;
  private final long delayNanos;
  private final Consumer<Reconciler.Report> done;
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

  /** {@code done} is given each pass's report (for the log). */
  public QuickReconcile(Store store, Reconciler reconciler, ScheduledExecutorService timer, Duration delay,
      Consumer<Reconciler.Report> done) {
    this.store = store;
    this.reconciler = reconciler;
    this.timer = timer;
    this.delayNanos = delay.toNanos();
    this.done = done;
  }

  /**
   * An object owned by {@code ownerId} changed: a network or endpoint id from its mark, or the
   * 13 hex digits an unmarked {@code cn} link's name carries; null when reports were lost, which
   * asks for a full pass.
   */
  @Override
  public void accept(String ownerId) {
    String target = ownerId == null ? EVERYTHING : store.read(v -> activeNetworkOf(v, ownerId)).orElse(null);
    if (target == null || !scheduled.add(target)) {
      return;
    }
    try {
      timer.schedule(() -> pass(target), delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      scheduled.remove(target); // shutting down
    }
  }

  private void pass(String target) {
    // forgotten before the pass: a report arriving during it is a change the pass may have missed
    scheduled.remove(target);
    try {
      done.accept(target.equals(EVERYTHING) ? reconciler.run() : reconciler.run(target));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "quick reconcile of " + (target.equals(EVERYTHING) ? "everything" : "network " + target) + " failed", e);
    }
  }

  /** The network to reconcile for a change to what {@code ownerId} owns: active, and the endpoint (if it is one) too. */
  static Optional<String> activeNetworkOf(StoreView v, String ownerId) {
    if (Ids.isId(ownerId)) {
      Optional<Network> n = v.network(ownerId);
      if (n.isPresent()) {
        return n.filter(x -> x.state() == LifecycleState.ACTIVE).map(Network::id);
      }
      return v.endpoint(ownerId).flatMap(e -> ofEndpoint(v, e));
    }
    if (!ID_PREFIX.matcher(ownerId).matches()) {
      return Optional.empty();
    }
    for (Network n : v.networks()) {
      if (n.id().startsWith(ownerId)) {
        return Optional.of(n).filter(x -> x.state() == LifecycleState.ACTIVE).map(Network::id);
      }
    }
    // rare (a link that lost its mark): scanning every endpoint is fine
    return v.allEndpoints().stream().filter(e -> e.id().startsWith(ownerId)).findFirst().flatMap(e -> ofEndpoint(v, e));
  }

  private static Optional<String> ofEndpoint(StoreView v, Endpoint e) {
    if (e.state() != LifecycleState.ACTIVE) {
      return Optional.empty();
    }
    return v.network(e.networkId()).filter(n -> n.state() == LifecycleState.ACTIVE).map(Network::id);
  }
}
