package io.crossnet.linux.firewall.nft;

import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.firewall.Firewall;
import io.crossnet.linux.firewall.FirewallNetwork;
import io.crossnet.linux.firewall.FirewallPorts;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.sys.Sysctl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nftables driver: everything lives in table {@code inet crossnet}, no other table is read or
 * written. Networks are set elements, not rules, so the ruleset's size and cost do not grow with
 * the number of networks; each element carries its owner as the comment {@code net:<networkId>}.
 *
 * <p>Talks to the kernel through libnftables in-process (never the {@code nft} binary); see
 * {@link NftContext} for how the namespace is chosen. Calls on one instance are serialized, so a
 * listing and the change computed from it see the same state; use one instance per namespace.
 */
public final class NftFirewall implements Firewall {
  private final NftContext nft;
  private boolean routeLocalnet;

  private NftFirewall(NftContext nft) {
    this.nft = nft;
  }

  /**
   * A firewall for the host namespace {@code hostNs} ({@link NetNs#current()} for this process's
   * own). Loads libnftables and opens its netlink socket there; changes nothing yet.
   */
  public static NftFirewall open(NetNs hostNs) {
    return new NftFirewall(NftContext.open(hostNs));
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
   * Brings the network's elements to what {@code network} says, in one transaction. Elements
   * already present with this owner are left alone; ones this owner has but no longer needs (say
   * it stopped being internal) are deleted; a key present under another owner (a leftover of a
   * deleted network whose subnet or bridge name was reused) is taken over.
   */
  @Override
  public synchronized void addNetwork(FirewallNetwork network) {
    List<NftElement> wanted = NftRuleset.elementsOf(network);
    List<NftElement> present = listElements();
    if (present == null) {
      ensureBase();
      present = List.of();
    }
    String owner = network.networkId();
    Map<String, NftElement> byId = new HashMap<>();
    present.forEach(e -> byId.put(e.id(), e));
    Set<String> wantedIds = new HashSet<>();
    wanted.forEach(e -> wantedIds.add(e.id()));
    List<NftElement> stale = new ArrayList<>();
    for (NftElement e : present) {
      if (owner.equals(e.owner()) && !wantedIds.contains(e.id()) && isCrossnetSet(e.set())) {
        stale.add(e);
      }
    }
    List<NftElement> missing = new ArrayList<>();
    for (NftElement e : wanted) {
      NftElement existing = byId.get(e.id());
      if (existing == null) {
        missing.add(e);
      } else if (!e.owner().equals(existing.owner())) {
        stale.add(existing);
        missing.add(e);
      }
    }
    if (missing.isEmpty() && stale.isEmpty()) {
      return;
    }
    String commands = String.join("\n", NftRuleset.delete(stale), NftRuleset.add(missing)).strip();
    nft.run("add network " + owner, commands);
  }

  /**
   * Deletes every element whose comment names this network, whatever its bridge and subnets are
   * now, so leftovers of an earlier shape go too. Elements are listed first because deleting an
   * absent element fails the whole transaction (and {@code destroy element} needs nft 1.0.8).
   */
  /**
   * Brings the endpoint's port map elements to what {@code ports} says, in one transaction (a key
   * held by another owner, a leftover, is taken over). The first published port turns on
   * {@code route_localnet}, which DNAT from 127.0.0.1 needs; the base ruleset's guard chain
   * keeps 127/8 closed to everything but loopback.
   */
  @Override
  public synchronized void addPorts(FirewallPorts ports) {
    List<NftElement> wanted = NftRuleset.elementsOf(ports);
    List<NftElement> present = listElements();
    if (present == null) {
      ensureBase();
      present = List.of();
    }
    if (!routeLocalnet) {
      Sysctl.write(nft.netns(), "net.ipv4.conf.all.route_localnet", "1");
      routeLocalnet = true;
    }
    String owner = ports.endpointId();
    Map<String, NftElement> byId = new HashMap<>();
    present.forEach(e -> byId.put(e.id(), e));
    Set<String> wantedIds = new HashSet<>();
    wanted.forEach(e -> wantedIds.add(e.id()));
    List<NftElement> stale = new ArrayList<>();
    for (NftElement e : present) {
      if (owner.equals(e.owner()) && !wantedIds.contains(e.id()) && NftRuleset.PORT_MAPS.contains(e.set())) {
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
    if (missing.isEmpty() && stale.isEmpty()) {
      return;
    }
    nft.run("add ports of " + owner, String.join("\n", NftRuleset.delete(stale), NftRuleset.add(missing)).strip());
  }

  @Override
  public synchronized void removePorts(FirewallPorts ports) {
    removeOwner(ports.endpointId());
  }

  @Override
  public synchronized void removeNetwork(FirewallNetwork network) {
    removeOwner(network.networkId());
  }

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
      nft.run("remove network " + id, NftRuleset.delete(owned));
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
      case NftRuleset.NAT_V4, NftRuleset.NAT_V6, NftRuleset.BRIDGES, NftRuleset.INTERNAL_BRIDGES, NftRuleset.BRIDGE_SELF,
          NftRuleset.PORTS_V4, NftRuleset.PORTS_ANY_V4, NftRuleset.PORTS_V6, NftRuleset.PORTS_ANY_V6 -> true;
      default -> false;
    };
  }

  @Override
  public synchronized void close() {
    nft.close();
  }
}
