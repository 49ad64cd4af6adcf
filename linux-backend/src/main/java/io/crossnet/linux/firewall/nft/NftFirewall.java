package io.crossnet.linux.firewall.nft;

import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.firewall.Firewall;
import io.crossnet.linux.firewall.FirewallNetwork;
import io.crossnet.linux.firewall.FirewallPorts;
import io.crossnet.linux.netlink.MessageBuilder;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.sys.Sysctl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The nftables driver: everything lives in table {@code inet crossnet}, no other table is read or
 * written. Networks and published ports are set and map elements, not rules, so the ruleset's size
 * and cost do not grow with their number; each element carries its owner as the comment
 * {@code net:<id>}. Changes are computed from the record (network or endpoint) and applied without
 * listing the table; only the reconciler's calls ({@link #listOwned}, {@link #repairNetwork},
 * {@link #removeOwner}) and the fallback of a refused change read it.
 *
 * <p>Talks to the kernel through libnftables in-process (never the {@code nft} binary); see
 * {@link NftContext} for how the namespace is chosen. Published ports, changed at every attach and
 * detach that has them, skip libnftables: their map elements go to the kernel as nf_tables netlink
 * messages over a socket of this instance's own ({@link NftElementMessages}). Calls on one
 * instance are serialized, so a listing and the change computed from it see the same state; use
 * one instance per namespace.
 */
public final class NftFirewall implements Firewall {
  private final NftContext nft;
  private final NetlinkSocket nfnl;
  private boolean routeLocalnet;

  private NftFirewall(NftContext nft, NetlinkSocket nfnl) {
    this.nft = nft;
    this.nfnl = nfnl;
  }

  /**
   * A firewall for the host namespace {@code hostNs} ({@link NetNs#current()} for this process's
   * own). Loads libnftables and opens its netlink sockets there; changes nothing yet.
   */
  public static NftFirewall open(NetNs hostNs) {
    NftContext nft = NftContext.open(hostNs);
    try {
      return new NftFirewall(nft, hostNs.run(NetlinkSocket::openNetfilter));
    } catch (RuntimeException e) {
      nft.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "nftables";
  }

  /** The namespace whose ruleset this instance manages. */
  public NetNs netns() {
    return nft.netns();
  }

  @Override
  public synchronized void ensureBase() {
    nft.run("ensure base", NftRuleset.base());
  }

  /**
   * Leaves exactly the network's elements, computed from {@code network} alone, in one transaction
   * that lists nothing (see {@link NftRuleset#replace}); what another shape of the same bridge would
   * have (internal, icc off) is removed. When that transaction fails (no table after a flush, a
   * key held by another owner's element) the listing way takes over: {@link #reconcileNetwork}.
   */
  @Override
  public synchronized void addNetwork(FirewallNetwork network) {
    String commands = String.join("\n", NftRuleset.discard(NftRuleset.otherShapesOf(network)),
        NftRuleset.replace(NftRuleset.elementsOf(network))).strip();
    try {
      nft.run("add network " + network.networkId(), commands);
    } catch (BackendFailure e) {
      reconcileNetwork(network);
    }
  }

  /**
   * Brings the network's elements to what {@code network} says from a listing of the table, in one
   * transaction; returns whether anything was missing. Elements already present with this owner are
   * left alone; ones this owner has but no longer needs are deleted; a key present under another
   * owner (a leftover of a deleted network whose subnet or bridge name was reused) is taken over.
   * Lists the whole table: for repair and for the rare failure of {@link #addNetwork}.
   */
  private boolean reconcileNetwork(FirewallNetwork network) {
    List<NftElement> wanted = NftRuleset.elementsOf(network);
    List<NftElement> present = listElements();
    if (present == null) {
      ensureBase();
      present = List.of();
    }
    String owner = network.networkId();
    Diff d = diff(owner, wanted, present, NftFirewall::isCrossnetSet);
    if (!d.isEmpty()) {
      nft.run("add network " + owner, d.commands());
    }
    return !d.missing().isEmpty();
  }

  /** Rewrites the base chains, then compares the network's elements with a listing and adds what is missing. */
  @Override
  public synchronized boolean repairNetwork(FirewallNetwork network) {
    ensureBase();
    return reconcileNetwork(network);
  }

  /**
   * Leaves exactly the endpoint's port map elements, computed from {@code ports}, in one
   * transaction that lists nothing; the cost of the 10,000th mapping is that of the first. The
   * first published port turns on {@code route_localnet}, which DNAT from 127.0.0.1 needs; the base
   * ruleset's guard chain keeps 127/8 closed to everything but loopback. When the transaction
   * fails (no table, a key that maps elsewhere: a leftover whose host port was reused) the table is
   * listed and the difference applied.
   */
  @Override
  public synchronized void addPorts(FirewallPorts ports) {
    if (!routeLocalnet) {
      Sysctl.write(nft.netns(), "net.ipv4.conf.all.route_localnet", "1");
      routeLocalnet = true;
    }
    List<NftElement> wanted = NftRuleset.elementsOf(ports);
    if (wanted.isEmpty()) {
      return;
    }
    try {
      // add, delete, add: see NftRuleset.replace
      List<MessageBuilder> add = NftElementMessages.add(wanted);
      commit("add ports of " + ports.endpointId(), add, NftElementMessages.delete(wanted), add);
    } catch (BackendFailure e) {
      reconcilePorts(ports.endpointId(), wanted);
    }
  }

  private void reconcilePorts(String owner, List<NftElement> wanted) {
    List<NftElement> present = listElements();
    if (present == null) {
      ensureBase();
      present = List.of();
    }
    Diff d = diff(owner, wanted, present, NftRuleset.PORT_MAPS::contains);
    if (!d.isEmpty()) {
      nft.run("add ports of " + owner, d.commands());
    }
  }

  /**
   * Deletes the endpoint's port map elements as its record computes them, without listing; when
   * one maps elsewhere (it was taken over) or the table is gone, the listing way deletes exactly
   * the elements whose comment names the endpoint.
   */
  @Override
  public synchronized void removePorts(FirewallPorts ports) {
    List<NftElement> owned = NftRuleset.elementsOf(ports);
    if (owned.isEmpty()) {
      return;
    }
    try {
      // add, then delete: see NftRuleset.discard
      commit("remove ports of " + ports.endpointId(), NftElementMessages.add(owned), NftElementMessages.delete(owned));
    } catch (BackendFailure e) {
      removeOwner(ports.endpointId());
    }
  }

  /** The messages, in order, as one nf_tables transaction. */
  @SafeVarargs
  private void commit(String op, List<MessageBuilder>... steps) {
    List<MessageBuilder> all = new ArrayList<>();
    for (List<MessageBuilder> step : steps) {
      all.addAll(step);
    }
    nfnl.executeBatch("nft " + op, NftElementMessages.begin(), all, NftElementMessages.end());
  }

  /**
   * Deletes the network's elements as its record computes them (in every shape its bridge could
   * have had), without listing. The keys are the network's bridge and subnets, which the store
   * gives no other live network; a failure falls back to deleting by owner from a listing.
   */
  @Override
  public synchronized void removeNetwork(FirewallNetwork network) {
    List<NftElement> owned = new ArrayList<>(NftRuleset.elementsOf(network));
    owned.addAll(NftRuleset.otherShapesOf(network));
    try {
      nft.run("remove network " + network.networkId(), NftRuleset.discard(owned));
    } catch (BackendFailure e) {
      removeOwner(network.networkId());
    }
  }

  /**
   * Deletes every element whose comment names this owner, whatever it is: what the reconciler
   * does with elements of an owner that has no record. Lists the table first, because deleting an
   * absent element fails the whole transaction.
   */
  @Override
  public synchronized void removeOwner(String ownerId) {
    String id = NftRuleset.networkId(ownerId);
    List<NftElement> present = listElements();
    if (present == null) {
      return;
    }
    List<NftElement> owned = present.stream()
        .filter(e -> id.equals(e.owner()) && isCrossnetSet(e.set()))
        .toList();
    if (!owned.isEmpty()) {
      nft.run("remove owner " + id, NftRuleset.delete(owned));
    }
  }

  /** Elements to add and to delete so that {@code owner} has exactly {@code wanted} in the sets {@code ours} accepts. */
  private static Diff diff(String owner, List<NftElement> wanted, List<NftElement> present, Predicate<String> ours) {
    Map<String, NftElement> byId = new HashMap<>();
    present.forEach(e -> byId.put(e.id(), e));
    Set<String> wantedIds = new HashSet<>();
    wanted.forEach(e -> wantedIds.add(e.id()));
    List<NftElement> stale = new ArrayList<>();
    for (NftElement e : present) {
      if (owner.equals(e.owner()) && !wantedIds.contains(e.id()) && ours.test(e.set())) {
        stale.add(e);
      }
    }
    List<NftElement> missing = new ArrayList<>();
    for (NftElement e : wanted) {
      NftElement existing = byId.get(e.id());
      if (existing == null) {
        missing.add(e);
      } else if (!e.owner().equals(existing.owner()) || !e.value().equals(existing.value())) {
        stale.add(existing);
        missing.add(e);
      }
    }
    return new Diff(stale, missing);
  }

  private record Diff(List<NftElement> stale, List<NftElement> missing) {
    boolean isEmpty() {
      return stale.isEmpty() && missing.isEmpty();
    }

    String commands() {
      return String.join("\n", NftRuleset.delete(stale), NftRuleset.add(missing)).strip();
    }
  }

  @Override
  public synchronized List<OwnedObject> listOwned() {
    List<NftElement> present = listElements();
    return present == null ? List.of() : present.stream().map(NftElement::owned).toList();
  }

  /** The table's elements, or null when the table does not exist. */
  private List<NftElement> listElements() {
    try {
      return NftListing.elements(nft.runJson("list", "list table " + NftRuleset.TABLE));
    } catch (BackendFailure e) {
      // the error text of a missing table is not stable across versions; ask for the table list
      if (!NftListing.hasTable(nft.runJson("list tables", "list tables " + NftRuleset.FAMILY))) {
        return null;
      }
      throw e;
    }
  }

  private static boolean isCrossnetSet(String set) {
    return switch (set) {
      case NftRuleset.NAT_V4, NftRuleset.NAT_V6, NftRuleset.BRIDGES, NftRuleset.INTERNAL_BRIDGES, NftRuleset.BRIDGE_SELF, NftRuleset.NO_ICC,
          NftRuleset.PORTS_V4, NftRuleset.PORTS_ANY_V4, NftRuleset.PORTS_V6, NftRuleset.PORTS_ANY_V6 -> true;
      default -> false;
    };
  }

  @Override
  public synchronized void close() {
    nft.close();
    nfnl.close();
  }
}
