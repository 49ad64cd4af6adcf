package io.crossnet.linux;

import io.crossnet.core.backend.Capabilities;
import io.crossnet.core.backend.NetworkBackend;
import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.error.NotFound;
import io.crossnet.core.error.Unsupported;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.NetworkType;
import io.crossnet.core.model.PortMapping;
import io.crossnet.core.model.SandboxRef;
import io.crossnet.linux.addr.Addresses;
import io.crossnet.linux.driver.BridgeDriver;
import io.crossnet.linux.driver.Driver;
import io.crossnet.linux.driver.HostDriver;
import io.crossnet.linux.driver.HostSupport;
import io.crossnet.linux.driver.L2bridgeDriver;
import io.crossnet.linux.driver.MacvlanDriver;
import io.crossnet.linux.driver.NoneDriver;
import io.crossnet.linux.driver.TransparentDriver;
import io.crossnet.linux.link.Link;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.nat.NatDriver;
import io.crossnet.linux.nat.NatNames;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.sys.Sysctl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The Linux {@link NetworkBackend}: netlink for links, addresses and routes, {@code /proc/sys}
 * for forwarding, and the configured {@link io.crossnet.linux.firewall.Firewall}. Forks no
 * process but the iptables driver's restore and save tools. The host-namespace netlink socket is opened on first use, so constructing the backend
 * touches nothing; {@link #close} closes that socket (the firewall belongs to the caller).
 */
public final class LinuxBackend implements NetworkBackend, AutoCloseable {

  private final LinuxBackendConfig config;
  private final NetNs hostNs;
  private NetlinkSocket host;
  private NatDriver nat;
  private Map<NetworkType, Driver> drivers;
  private Capabilities capabilities;

  public LinuxBackend(LinuxBackendConfig config) {
    this.config = config;
    this.hostNs = config.hostNs();
  }

  @Override
  public String name() {
    return "linux";
  }

  /** Probed once: what the kernel supports does not change while crossnet runs. */
  @Override
  public synchronized Capabilities capabilities() {
    if (capabilities == null) {
      capabilities = new HostSupport(new Links(host()), config.firewall().name()).capabilities();
    }
    return capabilities;
  }

  @Override
  public void validate(Network network) {
    FieldErrors errors = new FieldErrors();
    driver(network).validate(network, errors);
    errors.throwIfAny();
  }

  @Override
  public void checkSandbox(SandboxRef sandbox) {
    if (sandbox.isGuid()) {
      throw new InvalidRequest("sandbox", "is an HNS namespace GUID; the linux backend needs a network namespace path");
    }
    try {
      NetNs.at(sandbox.path()).check();
    } catch (NotFound e) {
      throw new InvalidRequest("sandbox", "does not exist");
    } catch (BackendFailure e) {
      if ("EINVAL".equals(e.code())) {
        throw new InvalidRequest("sandbox", "is not a network namespace");
      }
      throw e;
    }
  }

  /** A specific host address must be one of the host namespace's; sctp needs the kernel's sctp module. */
  @Override
  public void checkPorts(Network network, List<PortMapping> ports) {
    if (!ports.isEmpty() && Set.of(NetworkType.MACVLAN, NetworkType.TRANSPARENT, NetworkType.L2BRIDGE).contains(network.type())) {
      throw new InvalidRequest("ports", "a " + network.type().wireName() + " endpoint is a machine of its own on the parent's segment, "
          + "reached at its own address; nothing is published on the host");
    }
    FieldErrors errors = new FieldErrors();
    Set<IpAddress> local = null;
    for (int i = 0; i < ports.size(); i++) {
      PortMapping m = ports.get(i);
      if (m.protocol().equals("sctp") && !Files.isDirectory(Path.of("/proc/sys/net/sctp"))) {
        errors.add("ports[" + i + "].protocol", "sctp is not available on this host (the kernel's sctp module is not loaded)");
      }
      if (m.hostIp() != null && !m.hostIp().isUnspecified()) {
        if (local == null) {
          local = new Addresses(host()).list(0).stream().map(a -> a.prefix().address()).collect(Collectors.toSet());
        }
        if (!local.contains(m.hostIp())) {
          errors.add("ports[" + i + "].hostIp", m.hostIp() + " is not an address of this host");
        }
      }
    }
    errors.throwIfAny();
  }

  @Override
  public List<String> plan(Network network) {
    return driver(network).plan(network);
  }

  @Override
  public List<String> plan(Network network, Endpoint endpoint) {
    return driver(network).plan(endpoint);
  }

  @Override
  public void createNetwork(Network network) {
    driver(network).createNetwork(network);
  }

  @Override
  public void deleteNetwork(Network network) {
    driver(network).deleteNetwork(network);
  }

  @Override
  public void attach(Network network, Endpoint endpoint) {
    checkSandbox(endpoint.sandbox());
    driver(network).attach(network, endpoint);
  }

  @Override
  public void detach(Network network, Endpoint endpoint) {
    driver(network).detach(network, endpoint);
  }

  @Override
  public boolean repair(Network network) {
    return driver(network).repair(network);
  }

  @Override
  public boolean repair(Network network, Endpoint endpoint) {
    return driver(network).repair(network, endpoint);
  }

  @Override
  public boolean repair(Network network, Endpoint endpoint, List<OwnedObject> listed) {
    return driver(network).repair(network, endpoint, listed);
  }

  /** A marked link is deleted; a firewall element goes with everything else its owner has there. */
  @Override
  public void removeOwned(OwnedObject object) {
    if (object.kind().equals(NatNames.LINK_KIND)) {
      nat().removeLink(object.name());
    } else {
      config.firewall().removeOwner(object.ownerId());
    }
  }

  @Override
  public boolean sandboxExists(SandboxRef sandbox) {
    return !sandbox.isGuid() && NetNs.at(sandbox.path()).exists();
  }

  /** Host links carrying the {@code crossnet:} alias, each with its bridge, then the firewall's elements. */
  @Override
  public List<OwnedObject> listOwned() {
    List<OwnedObject> out = new ArrayList<>();
    List<Link> links = new Links(host()).list();
    Map<Integer, String> names = links.stream().collect(Collectors.toMap(Link::index, Link::name, (a, b) -> b));
    for (Link l : links) {
      String owner = NatNames.owner(l.alias());
      if (owner != null) {
        out.add(new OwnedObject(NatNames.LINK_KIND, l.name(), owner, names.get(l.master())));
      }
    }
    out.addAll(config.firewall().listOwned());
    return out;
  }

  /** Link events of the host namespace: a marked link deleted, a marked bridge down (see {@link LinkWatch}). */
  @Override
  public Watch watch(Consumer<String> changed) {
    return LinkWatch.start(hostNs, changed);
  }

  @Override
  public Map<String, String> info() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ip_forward", orUnknown(Sysctl.read(hostNs, "net.ipv4.ip_forward")));
    m.put("ipv6_forwarding", orUnknown(Sysctl.read(hostNs, "net.ipv6.conf.all.forwarding")));
    m.put("firewall", config.firewall().name());
    // bridge netfilter shows bridged frames to the firewall: icc=false needs it
    m.put("bridge_nf_call_iptables", orUnknown(Sysctl.read(hostNs, "net.bridge.bridge-nf-call-iptables")));
    m.put("bridge_nf_call_ip6tables", orUnknown(Sysctl.read(hostNs, "net.bridge.bridge-nf-call-ip6tables")));
    m.put("kernel", kernelRelease());
    m.put("host_netns", hostNs.isCurrent() ? "process" : hostNs.path());
    return m;
  }

  @Override
  public synchronized void close() {
    if (host != null) {
      host.close();
      host = null;
      nat = null;
      drivers = null;
    }
  }

  private synchronized NetlinkSocket host() {
    if (host == null) {
      host = hostNs.run(NetlinkSocket::open);
    }
    return host;
  }

  private synchronized NatDriver nat() {
    if (nat == null) {
      nat = new NatDriver(hostNs, host(), config.firewall(), config.dns());
    }
    return nat;
  }

  /** The network type's driver; a type this host cannot realize is {@link Unsupported}, saying why. */
  private Driver driver(Network network) {
    Driver d = drivers().get(network.type());
    if (d == null) {
      throw new Unsupported("network type " + network.type().wireName() + " is not supported by the linux backend: "
          + capabilities().support(network.type()).detail());
    }
    return d;
  }

  private synchronized Map<NetworkType, Driver> drivers() {
    if (drivers == null) {
      Map<NetworkType, Driver> m = new EnumMap<>(NetworkType.class);
      m.put(NetworkType.NAT, nat());
      m.put(NetworkType.BRIDGE, new BridgeDriver(nat(), host()));
      m.put(NetworkType.TRANSPARENT, new TransparentDriver(nat(), host()));
      m.put(NetworkType.L2BRIDGE, new L2bridgeDriver(hostNs, host(), new Links(host()).kindSupported("ipvlan")));
      m.put(NetworkType.HOST, new HostDriver(hostNs));
      m.put(NetworkType.NONE, new NoneDriver());
      if (capabilities().support(NetworkType.MACVLAN).supported()) {
        m.put(NetworkType.MACVLAN, new MacvlanDriver(host()));
      }
      drivers = m;
    }
    return drivers;
  }

  private static String kernelRelease() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String orUnknown(String v) {
    return v == null ? "unknown" : v;
  }
}
