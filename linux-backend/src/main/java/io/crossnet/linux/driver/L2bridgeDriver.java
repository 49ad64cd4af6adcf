package io.crossnet.linux.driver;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.Network;
import io.crossnet.linux.addr.Addresses;
import io.crossnet.linux.link.Link;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.link.VethPeer;
import io.crossnet.linux.nat.NatNames;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.route.Routes;
import io.crossnet.linux.sys.Sysctl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * l2bridge networks: endpoints on the parent NIC's segment that share the host's MAC on the wire,
 * in one of two modes, chosen when the network is created and recorded with its planned objects
 * (so a kernel that gains or loses ipvlan later does not change a network under its endpoints):
 *
 * <ul>
 *   <li><b>ipvlan L2</b>, where the kernel has ipvlan: each endpoint is an ipvlan link on the
 *       parent, born in the sandbox; the kernel switches frames by IP address behind the parent's
 *       MAC. As with macvlan, the host itself cannot reach its endpoints through the parent.
 *   <li><b>routed veth</b> otherwise: the host routes the endpoint's address as a /32 to the
 *       endpoint's veth and answers ARP for it on the parent (proxy ARP), so the LAN sends its
 *       frames to the host's MAC and the host forwards them; the host's veth end answers the
 *       endpoint's own ARP the same way, so the endpoint sees the LAN as on-link. The parent's
 *       proxy-ARP settings as they were before are recorded ({@code sysctl KEY=VALUE}) and written
 *       back when the network goes.
 * </ul>
 */
public final class L2bridgeDriver implements Driver {
  private static final List<String> NOT_HERE = List.of("bridgeName", "masquerade", "icc", "hostIp", "mode", "vlan", "mtu");
  private static final String SYSCTL = "sysctl ";
  /** The planned object that records the ipvlan mode. */
  static final String IPVLAN_MODE = "mode ipvlan-l2";
  private static final String IPVLAN = "ipvlan";

  private final NetNs hostNs;
  private final Links links;
  private final Addresses addresses;
  private final Routes routes;
  private final boolean kernelHasIpvlan;

  /** {@code host} is a netlink socket opened in {@code hostNs}; new networks use ipvlan when {@code kernelHasIpvlan}. */
  public L2bridgeDriver(NetNs hostNs, NetlinkSocket host, boolean kernelHasIpvlan) {
    this.hostNs = hostNs;
    this.links = new Links(host);
    this.addresses = new Addresses(host);
    this.routes = new Routes(host);
    this.kernelHasIpvlan = kernelHasIpvlan;
  }

  /** Whether the network was created in ipvlan mode (else it is routed veth pairs). */
  static boolean ipvlan(Network network) {
    return network.objects().contains(IPVLAN_MODE);
  }

  @Override
  public void validate(Network network, FieldErrors errors) {
    ParentNic.refuseOptions(network, NOT_HERE, errors);
    if (network.internal()) {
      errors.add("internal", "an l2bridge network is the physical segment; it has no inside to close");
    }
    if (network.v6().isPresent()) {
      errors.add("enableIpv6", "l2bridge networks are IPv4 only for now (IPv6 needs proxy NDP)");
    }
    String parent = network.options().get("parent");
    if (parent == null) {
      errors.add(ParentNic.FIELD, "is required for an l2bridge network: the host NIC whose segment endpoints join");
      return;
    }
    if (parent.contains(".")) {
      errors.add(ParentNic.FIELD, "'" + parent + "': names with '.' are not supported for l2bridge");
      return;
    }
    Optional<Link> nic = ParentNic.check(links, parent, errors);
    if (nic.isPresent() && !nic.get().isUp()) {
      errors.add(ParentNic.FIELD, "'" + parent + "' is down; bring it up first");
    }
    nic.ifPresent(l -> ParentNic.checkSegment(addresses, l, network, errors));
  }

  /**
   * The mode, and in routed mode the parent's settings this network changes, with the values they
   * have now, so delete can put them back.
   */
  @Override
  public List<String> plan(Network network) {
    if (kernelHasIpvlan) {
      return List.of(IPVLAN_MODE);
    }
    List<String> out = new ArrayList<>();
    for (String key : parentKeys(network)) {
      String value = Sysctl.read(hostNs, key);
      if (value != null) {
        out.add(SYSCTL + key + "=" + value);
      }
    }
    return out;
  }

  @Override
  public List<String> plan(Endpoint endpoint) {
    return List.of(NatNames.hostVeth(endpoint));
  }

  /** ipvlan needs nothing on the host: its driver takes over the parent when the first endpoint is made. */
  @Override
  public void createNetwork(Network network) {
    if (ipvlan(network)) {
      return;
    }
    Sysctl.write(hostNs, "net.ipv4.ip_forward", "1");
    String parent = network.options().get("parent");
    Sysctl.write(hostNs, "net.ipv4.conf." + parent + ".proxy_arp", "1");
    // answer at once: the default delays proxied replies to broadcast requests by up to 0.8 s
    Sysctl.write(hostNs, "net.ipv4.neigh." + parent + ".proxy_delay", "0");
  }

  /** Puts the parent's settings back as recorded; a parent that is gone has nothing to restore. */
  @Override
  public void deleteNetwork(Network network) {
    if (links.get(network.options().get("parent")).isEmpty()) {
      return;
    }
    for (String o : network.objects()) {
      if (o.startsWith(SYSCTL)) {
        String[] kv = o.substring(SYSCTL.length()).split("=", 2);
        Sysctl.write(hostNs, kv[0], kv[1]);
      }
    }
  }

  @Override
  public void attach(Network network, Endpoint endpoint) {
    String veth = NatNames.hostVeth(endpoint);
    Link nic = links.get(network.options().get("parent")).orElseThrow(() ->
        new BackendFailure("attach " + veth, "ENODEV", "the parent '" + network.options().get("parent") + "' is gone"));
    NetNs sandbox = NetNs.at(endpoint.sandbox().path());
    if (ipvlan(network)) {
      VethPeer link = new VethPeer(endpoint.interfaceName(), null, nic.mtu(), sandbox);
      SandboxLink.attach(network, endpoint, IPVLAN, e -> links.addIpvlanL2(nic.index(), link));
      return;
    }
    VethPeer peer = new VethPeer(endpoint.interfaceName(), endpoint.macAddress(), nic.mtu(), sandbox);
    FreshVeth.create(links, veth, endpoint.interfaceName(), () -> links.addVeth(veth, nic.mtu(), peer));
    links.setAliasAndUp(veth, NatNames.alias(endpoint.id()));
    Sysctl.write(hostNs, "net.ipv4.conf." + veth + ".proxy_arp", "1");
    Sysctl.write(hostNs, "net.ipv4.neigh." + veth + ".proxy_delay", "0");
    if (endpoint.ipv4() != null) {
      routes.addLink(new IpPrefix(endpoint.ipv4().address(), 32), links.require(veth).index());
    }
    try (NetlinkSocket inside = sandbox.run(NetlinkSocket::open)) {
      SandboxSetup.configure(network, endpoint, sandbox, inside);
    }
  }

  /** Deletes the host end (the sandbox end and the /32 route go with it), or the endpoint's ipvlan. */
  @Override
  public void detach(Network network, Endpoint endpoint) {
    if (ipvlan(network)) {
      SandboxLink.detach(endpoint, IPVLAN);
      return;
    }
    links.delete(NatNames.hostVeth(endpoint));
  }

  /** Proxy ARP and forwarding back on when someone turned them off (routed mode). */
  @Override
  public boolean repair(Network network) {
    String parent = network.options().get("parent");
    if (ipvlan(network) || links.get(parent).isEmpty()) {
      return false;
    }
    boolean intact = "1".equals(Sysctl.read(hostNs, "net.ipv4.ip_forward"))
        && "1".equals(Sysctl.read(hostNs, "net.ipv4.conf." + parent + ".proxy_arp"));
    if (!intact) {
      createNetwork(network);
    }
    return !intact;
  }

  @Override
  public boolean repair(Network network, Endpoint endpoint) {
    Optional<Link> veth = links.get(NatNames.hostVeth(endpoint));
    boolean intact = ipvlan(network) ? SandboxLink.intact(endpoint, IPVLAN) : veth.isPresent() && veth.get().isUp();
    if (!intact) {
      attach(network, endpoint);
    }
    return !intact;
  }

  private static List<String> parentKeys(Network network) {
    String parent = network.options().get("parent");
    return parent == null ? List.of() : List.of("net.ipv4.conf." + parent + ".proxy_arp", "net.ipv4.neigh." + parent + ".proxy_delay");
  }
}
