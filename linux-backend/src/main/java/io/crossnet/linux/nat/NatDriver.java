package io.crossnet.linux.nat;

import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.Exhausted;
import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.error.Unsupported;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.Subnet;
import io.crossnet.linux.addr.Address;
import io.crossnet.linux.addr.Addresses;
import io.crossnet.linux.driver.Driver;
import io.crossnet.linux.driver.FreshVeth;
import io.crossnet.linux.dns.DnsServers;
import io.crossnet.linux.driver.SandboxSetup;
import io.crossnet.linux.driver.SandboxSockets;
import io.crossnet.linux.firewall.Firewall;
import io.crossnet.linux.firewall.FirewallNetwork;
import io.crossnet.linux.firewall.FirewallPorts;
import io.crossnet.linux.link.Link;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.link.VethPeer;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.netlink.RtRoute;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.sys.Sysctl;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * nat networks (and bridge networks, realized the same way but not masqueraded unless asked,
 * see {@link NatOptions#of}): a Linux bridge in the host namespace holding the gateway addresses,
 * one veth pair per endpoint whose peer is born inside the sandbox, and the firewall's forwarding
 * and masquerade for the bridge.
 *
 * <p>Every step converges: objects already there in the wanted shape are kept, a veth pair found
 * after a crash is re-created (it may be half configured), and deletes of what is gone succeed.
 */
public final class NatDriver implements Driver {
  /** A Linux bridge's ports are numbered 1 to 1,023 (BR_MAX_PORTS 1,024, port 0 unused). */
  public static final int MAX_BRIDGE_PORTS = 1023;

  private static final String BRIDGE_NF_V4 = "net.bridge.bridge-nf-call-iptables";
  private static final String BRIDGE_NF_V6 = "net.bridge.bridge-nf-call-ip6tables";

  private final NetNs hostNs;
  private final Links links;
  private final Addresses addresses;
  private final Firewall firewall;
  private final DnsServers dns;
  private final Map<String, Integer> bridgeIndexes = new ConcurrentHashMap<>();

  /** {@code host} is a netlink socket opened in {@code hostNs}; {@code dns} null when sandboxes get no resolver. */
  public NatDriver(NetNs hostNs, NetlinkSocket host, Firewall firewall, DnsServers dns) {
    this.hostNs = hostNs;
    this.links = new Links(host);
    this.addresses = new Addresses(host);
    this.firewall = firewall;
    this.dns = dns;
  }

  /**
   * Adds the problems of the network's options, and a bridge name taken by someone else, to
   * {@code errors}. {@code icc=false} needs bridge netfilter (the {@code br_netfilter} module),
   * without which frames between two endpoints never reach a firewall: {@link Unsupported} when
   * the host namespace has none.
   */
  public void validate(Network network, FieldErrors errors) {
    int before = errors.size();
    NatOptions.check(network, errors);
    if (errors.size() == before && !NatOptions.of(network).icc() && Sysctl.read(hostNs, BRIDGE_NF_V4) == null) {
      throw new Unsupported("options.icc=false needs bridge netfilter, which this host lacks: frames between endpoints of one "
          + "bridge would pass no firewall (load the br_netfilter module)");
    }
    String hostIp = network.options().get("hostIp");
    IpAddress ip = hostIp == null ? null : IpAddress.tryParse(hostIp);
    if (ip != null && (ip.isV4() ? network.v4() : network.v6()).isEmpty()) {
      errors.add("options.hostIp", ip + " is an IPv" + (ip.isV4() ? "4" : "6") + " address, but the network has no subnet of that family");
    } else if (ip != null && !ip.isUnspecified()
        && addresses.list(0).stream().noneMatch(a -> a.prefix().address().equals(ip))) {
      errors.add("options.hostIp", ip + " is not an address of this host");
    }
    if (errors.size() == before && network.options().containsKey("bridgeName")) {
      String name = NatNames.bridge(network);
      links.get(name).ifPresent(l -> {
        String problem = adoptionProblem(network, l);
        if (problem != null) {
          errors.add("options.bridgeName", "'" + name + "' " + problem);
        }
      });
    }
  }

  public List<String> plan(Network network) {
    return List.of(NatNames.bridge(network));
  }

  public List<String> plan(Endpoint endpoint) {
    return List.of(NatNames.hostVeth(endpoint));
  }

  public void createNetwork(Network network) {
    bridgeIndexes.remove(network.id());
    String name = NatNames.bridge(network);
    NatOptions opts = NatOptions.of(network);
    Optional<Link> found = links.get(name);
    if (found.isPresent()) {
      String problem = adoptionProblem(network, found.get());
      if (problem != null) {
        throw new BackendFailure("RTM_NEWLINK bridge " + name, "EEXIST", "'" + name + "' " + problem);
      }
      links.setMulticastSnooping(name, false); // an adopted bridge, or one made before snooping was turned off
    } else {
      // Without snooping. Nothing on a crossnet bridge sends IGMP/MLD queries, and without a
      // querier a snooping bridge floods multicast to every port anyway; but it re-arms every
      // port's multicast timers whenever any port comes or goes (br_port_state_selection ->
      // br_multicast_enable_port), which made each attach O(ports): 9% of an attach's CPU at
      // 1,000 endpoints on one bridge.
      links.addBridge(name, opts.mtu(), NatNames.bridgeMac(network), false);
    }
    // the mark goes on first, so a crash from here on leaves a bridge the reconciler knows
    links.setAlias(name, NatNames.alias(network.id()));
    Link bridge = links.require(name);
    if (bridge.mtu() != opts.mtu()) {
      links.setMtu(name, opts.mtu());
    }
    if (!NatNames.bridgeMac(network).equals(bridge.mac())) {
      links.setMac(name, NatNames.bridgeMac(network)); // an adopted bridge, or one made before addresses were fixed
    }
    Set<IpPrefix> present = addresses.list(bridge.index()).stream().map(Address::prefix).collect(Collectors.toSet());
    for (Subnet s : network.subnets()) {
      if (s.gateway() != null && !present.contains(s.gatewayPrefix())) {
        addresses.add(bridge.index(), s.gatewayPrefix(), true);
      }
    }
    links.setUp(name);
    Sysctl.write(hostNs, "net.ipv4.ip_forward", "1");
    if (network.v6().isPresent()) {
      Sysctl.write(hostNs, "net.ipv6.conf.all.forwarding", "1");
    }
    if (!opts.icc()) {
      // bridged frames go through the IP hooks only with these on (a host may have turned them off)
      Sysctl.write(hostNs, BRIDGE_NF_V4, "1");
      if (network.v6().isPresent()) {
        Sysctl.write(hostNs, BRIDGE_NF_V6, "1");
      }
    }
    firewall.addNetwork(firewallNetwork(network));
  }

  /** Removes the firewall's elements and the bridge; a bridge that is not this network's is left alone. */
  public void deleteNetwork(Network network) {
    bridgeIndexes.remove(network.id());
    firewall.removeNetwork(firewallNetwork(network));
    String name = NatNames.bridge(network);
    Optional<Link> found = links.get(name);
    if (found.isEmpty()) {
      return;
    }
    Link l = found.get();
    boolean ours = NatNames.alias(network.id()).equals(l.alias())
        // unmarked: a crash between creating the bridge and marking it; only the derived name is surely ours
        || (isBlank(l.alias()) && name.equals(NatNames.defaultBridge(network)) && "bridge".equals(l.kind()));
    if (ours) {
      links.delete(name);
    }
  }

  public void attach(Network network, Endpoint endpoint) {
    String veth = NatNames.hostVeth(endpoint);
    NatOptions opts = NatOptions.of(network);
    NetNs sandbox = NetNs.at(endpoint.sandbox().path());
    VethPeer peer = new VethPeer(endpoint.interfaceName(), endpoint.macAddress(), opts.mtu(), sandbox);
    // the sandbox's sockets open on a netns worker while this thread has the kernel make the pair
    CompletableFuture<SandboxSockets> opening = SandboxSockets.open(sandbox, dns);
    try {
      try {
        createVeth(network, endpoint, veth, opts.mtu(), bridgeIndex(network, veth, false), peer);
      } catch (BackendFailure e) {
        // a remembered index whose bridge was re-created or deleted names no master any more
        if (!"EINVAL".equals(e.code()) && !"ENODEV".equals(e.code())) {
          throw e;
        }
        createVeth(network, endpoint, veth, opts.mtu(), bridgeIndex(network, veth, true), peer);
      }
      // a bridge port needs no IPv6 of its own, and every packet it would send (DAD, MLD, router
      // solicitations) is flooded to every other port and sandbox of the bridge
      Sysctl.disableIpv6(hostNs, veth);
      links.setAliasAndUp(veth, NatNames.alias(endpoint.id()));
    } catch (RuntimeException e) {
      SandboxSockets.discard(sandbox, opening);
      throw e;
    }
    try (SandboxSockets inside = SandboxSockets.await(sandbox, opening)) {
      SandboxSetup.configure(network, endpoint, inside.ipv6(), inside.netlink());
      if (dns != null) {
        inside.serveDns(dns);
      }
    }
    if (!endpoint.ports().isEmpty()) {
      links.setHairpin(veth, true);
      firewall.addPorts(firewallPorts(network, endpoint));
    }
  }

  /**
   * The ifindex of the network's bridge, remembered so an attach needs no lookup ({@code fresh}
   * asks the kernel again). The kernel hands out indexes cyclically and never gives a deleted
   * link's index to another before 2^31 more, so a stale one names no link and fails the creation.
   */
  private int bridgeIndex(Network network, String veth, boolean fresh) {
    Integer known = fresh ? null : bridgeIndexes.get(network.id());
    if (known != null) {
      return known;
    }
    String name = NatNames.bridge(network);
    Link bridge = links.get(name).orElseThrow(() ->
        new BackendFailure("attach " + veth + " to " + name, "ENODEV", "the network's bridge is missing"));
    bridgeIndexes.put(network.id(), bridge.index());
    return bridge.index();
  }

  /**
   * A fresh pair with its host end up on the bridge; one left by an interrupted attach is made
   * again. A bridge with all its ports taken makes the network full, which the caller can act on
   * (another network), not a failure of the host.
   */
  private void createVeth(Network network, Endpoint endpoint, String veth, int mtu, int bridgeIndex, VethPeer peer) {
    try {
      String mac = NatNames.portMac(network);
      FreshVeth.create(links, veth, endpoint.interfaceName(), () -> links.addVethOnBridge(veth, mtu, bridgeIndex, mac, peer));
    } catch (BackendFailure e) {
      if ("EXFULL".equals(e.code())) {
        throw new Exhausted("network '" + network.name() + "' is full: its Linux bridge holds at most " + MAX_BRIDGE_PORTS
            + " ports, one per endpoint; attach the sandbox to another network");
      }
      throw e;
    }
  }

  /**
   * Unpublishes the ports, then deletes the host end of the pair; the sandbox end goes with it,
   * and a gone sandbox took both already. A resolver started for an attach that then failed, and
   * that no endpoint claimed, stops too.
   */
  public void detach(Network network, Endpoint endpoint) {
    if (!endpoint.ports().isEmpty()) {
      firewall.removePorts(firewallPorts(network, endpoint));
    }
    links.delete(NatNames.hostVeth(endpoint));
    if (dns != null) {
      dns.releaseUnclaimed(endpoint.sandbox().path());
    }
  }

  static FirewallPorts firewallPorts(Network network, Endpoint endpoint) {
    return new FirewallPorts(endpoint.id(), network.id(), NatNames.bridge(network),
        endpoint.ipv4() == null ? null : endpoint.ipv4().address(), endpoint.ipv6() == null ? null : endpoint.ipv6().address(),
        endpoint.ports());
  }

  /**
   * Whether the network's bridge is there, up, with its gateways, and the firewall still has its
   * rules; what is missing is put back ({@link #createNetwork} keeps what exists). The firewall
   * compares with a listing and rewrites its base every time: the only way to notice rules edited
   * by hand.
   */
  public boolean repair(Network network) {
    boolean firewallRepaired = firewall.repairNetwork(firewallNetwork(network));
    Optional<Link> bridge = links.get(NatNames.bridge(network));
    boolean intact = bridge.isPresent() && bridge.get().isUp()
        && NatNames.bridgeMac(network).equals(bridge.get().mac())
        && gatewaysPresent(network, bridge.get());
    if (!intact) {
      createNetwork(network);
    }
    return !intact || firewallRepaired;
  }

  /**
   * Whether the endpoint's host veth is there on its bridge; when not (deleted by hand, or the
   * bridge was re-created), attaches it again. Published ports are re-added either way (a no-op
   * when present).
   */
  public boolean repair(Network network, Endpoint endpoint) {
    Optional<Link> veth = links.get(NatNames.hostVeth(endpoint));
    Optional<Link> bridge = links.get(NatNames.bridge(network));
    boolean intact = veth.isPresent() && bridge.isPresent() && veth.get().master() == bridge.get().index();
    if (!intact) {
      attach(network, endpoint);
    } else {
      addPortsAgain(network, endpoint);
    }
    return !intact;
  }

  /**
   * The same, without a request per link when the pass's listing shows the host veth a port of the
   * network's bridge: two lookups per endpoint were 10,000 requests a pass at 5,000 endpoints.
   */
  @Override
  public boolean repair(Network network, Endpoint endpoint, List<OwnedObject> listed) {
    String veth = NatNames.hostVeth(endpoint);
    String bridge = NatNames.bridge(network);
    if (listed.stream().noneMatch(o -> NatNames.LINK_KIND.equals(o.kind()) && o.name().equals(veth) && bridge.equals(o.parent()))) {
      return repair(network, endpoint);
    }
    addPortsAgain(network, endpoint);
    return false;
  }

  private void addPortsAgain(Network network, Endpoint endpoint) {
    if (!endpoint.ports().isEmpty()) {
      firewall.addPorts(firewallPorts(network, endpoint));
    }
  }

  private boolean gatewaysPresent(Network network, Link bridge) {
    Set<IpPrefix> present = addresses.list(bridge.index()).stream().map(Address::prefix).collect(Collectors.toSet());
    return network.subnets().stream().allMatch(s -> s.gateway() == null || present.contains(s.gatewayPrefix()));
  }

  /** Deletes a link carrying crossnet's mark whose owner has no record. */
  public void removeLink(String name) {
    links.delete(name);
  }

  static FirewallNetwork firewallNetwork(Network network) {
    NatOptions opts = NatOptions.of(network);
    return new FirewallNetwork(network.id(), NatNames.bridge(network),
        network.subnets().stream().map(Subnet::subnet).toList(), opts.masquerade(), network.internal(), opts.icc());
  }

  /**
   * Why an existing link cannot serve as the network's bridge, or null when it can: it is the
   * network's own, or an unmarked bridge with no ports and no addresses (what a crash between
   * creating and marking leaves; taking over an empty bridge harms no one).
   */
  private String adoptionProblem(Network network, Link l) {
    if (!"bridge".equals(l.kind())) {
      return "exists and is a " + (l.kind() == null ? "device without link kind" : l.kind() + " link") + ", not a bridge";
    }
    if (NatNames.alias(network.id()).equals(l.alias())) {
      return null;
    }
    String owner = NatNames.owner(l.alias());
    if (owner != null) {
      return "is the bridge of crossnet network " + owner;
    }
    if (!isBlank(l.alias())) {
      return "exists and is not crossnet's (alias '" + l.alias() + "')";
    }
    boolean ports = links.list().stream().anyMatch(x -> x.master() == l.index());
    // the kernel's own IPv6 link-local address does not count: it appears whenever the bridge is up
    boolean addrs = addresses.list(l.index()).stream().anyMatch(a -> a.scope() != RtRoute.RT_SCOPE_LINK);
    return ports || addrs ? "exists with ports or addresses and is not crossnet's" : null;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isEmpty();
  }
}
