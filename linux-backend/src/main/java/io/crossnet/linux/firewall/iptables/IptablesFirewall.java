package io.crossnet.linux.firewall.iptables;

import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.firewall.Firewall;
import io.crossnet.linux.firewall.FirewallNetwork;
import io.crossnet.linux.firewall.FirewallPorts;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.sys.Sysctl;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The iptables driver: crossnet's own {@code CROSSNET-*} chains in the raw, nat and filter tables
 * of both families, each reached by one jump from a built-in chain that is inserted only when
 * missing; no other chain is written, and nothing is ever flushed but crossnet's own chains. Each
 * rule a network or endpoint owns carries {@code -m comment --comment "net:<id>"}.
 *
 * <p>Every change is one {@code iptables-restore --noflush} per family it touches (never one
 * process per rule), computed against an {@link IptablesState} read once with
 * {@code iptables-save} and kept up to date with each batch, so a change lists nothing. When the
 * kernel refuses a batch (someone else edited crossnet's chains, say) the family is read again
 * and the change recomputed once. The reconciler's calls {@link #listOwned} and
 * {@link #repairNetwork} always read the kernel first. Calls are serialized; use one instance per
 * namespace.
 *
 * <p>Unlike nftables maps, iptables walks a chain rule by rule, and {@code iptables-restore}
 * reads the whole chain to find a rule to delete: DNAT rules are therefore spread over chains of
 * 1,024 host ports each ({@code CROSSNET-PORTS-<n>}, reached from {@code CROSSNET-PORTS} by port
 * range and made with their first rule), which keeps both short. A published port still costs
 * more the more there are ({@code bench/ports.sh} prints the curve); nftables stays the default.
 */
public final class IptablesFirewall implements Firewall {
  private final NetNs ns;
  private final IptablesTool tool;
  private final Map<Family, IptablesState> states = new EnumMap<>(Family.class);
  private boolean routeLocalnet;

  private IptablesFirewall(NetNs ns) {
    this.ns = ns;
    this.tool = new IptablesTool(ns);
  }

  /**
   * A firewall for the host namespace {@code hostNs}; changes nothing and starts nothing yet. A
   * host without the iptables tools is a {@link BackendFailure} here, at start-up, rather than at
   * the first attach.
   */
  public static IptablesFirewall open(NetNs hostNs) {
    IptablesTool.requireTools();
    return new IptablesFirewall(hostNs);
  }

  @Override
  public String name() {
    return "iptables";
  }

  public NetNs netns() {
    return ns;
  }

  /** Processes started so far: what tests count to show one restore per family per change. */
  int processes() {
    return tool.runs();
  }

  /** Reads both families and puts back whatever of the base is missing or was edited. */
  @Override
  public synchronized void ensureBase() {
    for (Family f : Family.values()) {
      IptablesState s = read(f);
      IptablesBatch b = new IptablesBatch(f);
      baseFixes(s, b, true);
      run(b, s);
    }
  }

  @Override
  public synchronized void addNetwork(FirewallNetwork network) {
    change(network.networkId(), IptablesRules.of(network));
  }

  /** Reads the kernel, puts back the base and the network's missing rules; returns whether any of the network's was missing. */
  @Override
  public synchronized boolean repairNetwork(FirewallNetwork network) {
    List<IptablesRule> wanted = IptablesRules.of(network);
    boolean missing = false;
    for (Family f : Family.values()) {
      IptablesState s = read(f);
      missing |= wanted.stream().anyMatch(r -> r.family() == f && !s.has(r));
      IptablesBatch b = new IptablesBatch(f);
      baseFixes(s, b, true);
      run(b, s);
    }
    change(network.networkId(), wanted);
    return missing;
  }

  @Override
  public synchronized void removeNetwork(FirewallNetwork network) {
    change(network.networkId(), List.of());
  }

  /**
   * One DNAT rule per host port and family in {@code CROSSNET-PORTS}. The first published port
   * turns on {@code route_localnet}, which DNAT from 127.0.0.1 needs; the raw table's guard chain
   * keeps 127/8 closed to everything but loopback.
   */
  @Override
  public synchronized void addPorts(FirewallPorts ports) {
    if (!routeLocalnet) {
      Sysctl.write(ns, "net.ipv4.conf.all.route_localnet", "1");
      routeLocalnet = true;
    }
    change(ports.endpointId(), IptablesRules.of(ports));
  }

  @Override
  public synchronized void removePorts(FirewallPorts ports) {
    change(ports.endpointId(), List.of());
  }

  /**
   * Deletes every rule whose comment names {@code ownerId}, as the state knows them: the
   * reconciler calls this for each rule {@link #listOwned} (which reads the kernel) found of an
   * owner without a record, so the first call deletes them all and the others find nothing to do
   * without starting a process. A rule the state has wrong makes the kernel refuse the batch, and
   * the family is read again.
   */
  @Override
  public synchronized void removeOwner(String ownerId) {
    change(IptablesRules.id(ownerId), List.of());
  }

  /** Reads the kernel: every rule in crossnet's chains that names an owner. */
  @Override
  public synchronized List<OwnedObject> listOwned() {
    List<OwnedObject> out = new ArrayList<>();
    for (Family f : Family.values()) {
      read(f).allOwned().forEach(r -> out.add(r.owned()));
    }
    return out;
  }

  /**
   * Leaves {@code owner} with exactly {@code wanted}: adds what is missing, deletes every copy of
   * the rules it owns that are not wanted, in one restore per family that changes.
   */
  private void change(String owner, List<IptablesRule> wanted) {
    String id = IptablesRules.id(owner);
    for (Family f : Family.values()) {
      apply(f, s -> {
        IptablesBatch b = new IptablesBatch(f);
        Set<String> wantedIds = new HashSet<>();
        for (IptablesRule r : wanted) {
          if (r.family() == f) {
            wantedIds.add(r.id());
          }
        }
        for (IptablesRule r : s.owned(id)) {
          if (!wantedIds.contains(r.id())) {
            b.delete(r, s.copies(r));
          }
        }
        Set<String> buckets = new HashSet<>();
        for (IptablesRule r : wanted) {
          if (r.family() != f) {
            continue;
          }
          if (!s.has(r)) {
            b.add(r);
          }
          // checked for present rules too: a flushed CROSSNET-PORTS loses the way into intact buckets
          if (IptablesBase.isPortsBucket(r.chain()) && buckets.add(r.chain())) {
            bucketFixes(s, b, r.chain());
          }
        }
        if (!b.isEmpty()) {
          baseFixes(s, b, false);
        }
        return b;
      });
    }
  }

  /**
   * Runs the batch {@code plan} makes from the family's state; when the kernel refuses it, reads
   * the family again and runs the batch planned from that once more, which then stands or fails.
   */
  private void apply(Family f, Function<IptablesState, IptablesBatch> plan) {
    IptablesState s = state(f);
    IptablesBatch b = plan.apply(s);
    try {
      run(b, s);
    } catch (BackendFailure e) {
      IptablesState fresh = read(f);
      run(plan.apply(fresh), fresh);
    }
  }

  private void run(IptablesBatch b, IptablesState s) {
    if (b.isEmpty()) {
      return;
    }
    tool.restore(b.family(), b.text());
    b.applyTo(s);
  }

  /**
   * Adds to {@code b} what the base lacks in {@code s}: missing chains with their shared rules,
   * shared rules missing from chains that also hold owners' rules, jumps from built-in chains.
   * With {@code rewrite}, a chain that holds only shared rules but not exactly them (edited by
   * hand) is emptied and refilled.
   */
  private static void baseFixes(IptablesState s, IptablesBatch b, boolean rewrite) {
    for (IptablesBase.Chain c : IptablesBase.chains(s.family())) {
      boolean present = s.hasChain(c.table(), c.name());
      boolean edited = present && c.baseOnly() && rewrite && !s.rules(c.table(), c.name()).equals(c.rules());
      if (!present || edited) {
        b.declare(c.table(), c.name());
        c.rules().forEach(spec -> b.add(new IptablesRule(s.family(), c.table(), c.name(), spec, null)));
        continue;
      }
      for (String spec : c.rules()) {
        IptablesRule r = new IptablesRule(s.family(), c.table(), c.name(), spec, null);
        if (!s.has(r)) {
          b.add(r);
        }
      }
    }
    for (IptablesBase.Jump j : IptablesBase.jumps(s.family())) {
      if (!s.hasJump(j)) {
        b.jump(j);
      }
    }
  }

  /** Declares a port bucket chain that is missing and adds its dispatch rules that are. */
  private static void bucketFixes(IptablesState s, IptablesBatch b, String bucket) {
    if (!s.hasChain("nat", bucket)) {
      b.declare("nat", bucket);
    }
    for (String spec : IptablesBase.dispatch(bucket)) {
      IptablesRule r = new IptablesRule(s.family(), "nat", IptablesBase.PORTS, spec, null);
      if (!s.has(r)) {
        b.add(r);
      }
    }
  }

  /** The family's state, read on first use. */
  private IptablesState state(Family f) {
    IptablesState s = states.get(f);
    return s != null ? s : read(f);
  }

  private IptablesState read(Family f) {
    IptablesState s = IptablesState.parse(f, tool.save(f));
    states.put(f, s);
    return s;
  }

  @Override
  public synchronized void close() {
    states.clear();
  }
}
