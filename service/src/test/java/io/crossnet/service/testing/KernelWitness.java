package io.crossnet.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crossnet.linux.testing.Shell;
import io.crossnet.linux.testing.TestNetns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kernel state of a {@link HostTopology}, read with {@code ip -j} and {@code nft -j} as an
 * independent witness, compared with the records the service lists: every link, address, route
 * and firewall element carrying crossnet's mark (or its {@code cn} name) belongs to a record, and
 * every record has its objects, in the host namespace and in each sandbox.
 */
public final class KernelWitness {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A network as listed: id, name, its bridge, subnet and gateway (one IPv4 pool). */
  public record Net(String id, String name, String bridge, String subnet, String gateway) {}

  /** An endpoint as listed: id, network, sandbox path, interface, address with prefix, gateway. */
  public record Ep(String id, String networkId, String sandbox, String iface, String ipv4, String gateway) {
    public String address() {
      return ipv4.substring(0, ipv4.indexOf('/'));
    }

    public String hostVeth() {
      return "cn" + id.substring(0, 13);
    }
  }

  private final TestNetns host;
  private final List<TestNetns> sandboxes;

  public KernelWitness(TestNetns host, List<TestNetns> sandboxes) {
    this.host = host;
    this.sandboxes = sandboxes;
  }

  /** What disagrees with {@code nets} and {@code eps}; empty when the kernel holds exactly them. */
  public List<String> problems(List<Net> nets, List<Ep> eps) {
    List<String> out = new ArrayList<>();
    Map<String, Net> netById = new HashMap<>();
    Map<String, Net> netByBridge = new HashMap<>();
    nets.forEach(n -> {
      netById.put(n.id(), n);
      netByBridge.put(n.bridge(), n);
    });
    Map<String, Ep> epById = new HashMap<>();
    eps.forEach(e -> epById.put(e.id(), e));
    hostLinks(out, netById, netByBridge, epById);
    hostAddressesAndRoutes(out, netByBridge);
    firewall(out, netById, epById);
    for (TestNetns sb : sandboxes) {
      sandbox(out, sb, eps.stream().filter(e -> e.sandbox().equals(sb.path())).toList());
    }
    return out;
  }

  private void hostLinks(List<String> out, Map<String, Net> netById, Map<String, Net> netByBridge, Map<String, Ep> epById) {
    Set<String> seen = new HashSet<>();
    for (JsonNode l : json(host, "ip", "-d", "-j", "link", "show")) {
      String name = l.path("ifname").asText();
      String alias = l.path("ifalias").asText("");
      boolean up = flags(l).contains("UP");
      if (!alias.startsWith("crossnet:")) {
        if (name.startsWith("cn")) {
          out.add("host link " + name + " has a crossnet name but no mark (alias '" + alias + "')");
        }
        continue;
      }
      String owner = alias.substring("crossnet:".length());
      Net n = netById.get(owner);
      Ep e = epById.get(owner);
      if (n != null) {
        if (!name.equals(n.bridge()) || !"bridge".equals(l.path("linkinfo").path("info_kind").asText()) || !up) {
          out.add("host link " + name + " is marked for network " + n.name() + " but is not its bridge, up: " + l);
        }
      } else if (e != null) {
        Net of = netById.get(e.networkId());
        if (!name.equals(e.hostVeth()) || of == null || !of.bridge().equals(l.path("master").asText()) || !up) {
          out.add("host link " + name + " is marked for endpoint " + e.id() + " but is not its veth, up, on its bridge: " + l);
        }
      } else {
        out.add("host link " + name + " carries crossnet's mark for " + owner + ", which has no record");
      }
      seen.add(name);
    }
    netById.values().forEach(n -> {
      if (!seen.contains(n.bridge())) {
        out.add("network " + n.name() + " has no bridge " + n.bridge());
      }
    });
    epById.values().forEach(e -> {
      if (!seen.contains(e.hostVeth())) {
        out.add("endpoint " + e.id() + " has no host veth " + e.hostVeth());
      }
    });
  }

  private void hostAddressesAndRoutes(List<String> out, Map<String, Net> netByBridge) {
    for (JsonNode l : json(host, "ip", "-j", "address", "show")) {
      String name = l.path("ifname").asText();
      if (!name.startsWith("cn")) {
        continue;
      }
      Net n = netByBridge.get(name);
      Set<String> v4 = new TreeSet<>();
      l.path("addr_info").forEach(a -> {
        if (a.path("family").asText().equals("inet")) {
          v4.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
        }
      });
      Set<String> wanted = n == null ? Set.of() : Set.of(n.gateway() + n.subnet().substring(n.subnet().indexOf('/')));
      if (!v4.equals(wanted)) {
        out.add("host link " + name + " holds IPv4 addresses " + v4 + ", wanted " + wanted);
      }
    }
    Set<String> routed = new HashSet<>();
    for (JsonNode r : json(host, "ip", "-j", "route", "show")) {
      String dev = r.path("dev").asText();
      if (!dev.startsWith("cn")) {
        continue;
      }
      Net n = netByBridge.get(dev);
      if (n == null || !n.subnet().equals(r.path("dst").asText())) {
        out.add("host route " + r + " through a crossnet link belongs to no network's subnet");
      } else {
        routed.add(n.id());
      }
    }
    netByBridge.values().forEach(n -> {
      if (!routed.contains(n.id())) {
        out.add("network " + n.name() + " has no route to " + n.subnet() + " on its bridge");
      }
    });
  }

  private void firewall(List<String> out, Map<String, Net> netById, Map<String, Ep> epById) {
    Shell.Result r = Shell.in(host, "nft", "-j", "list", "table", "inet", "crossnet");
    if (r.exit() != 0) {
      if (!netById.isEmpty()) {
        out.add("no nft table inet crossnet while " + netById.size() + " networks are recorded: " + r.err());
      }
      return;
    }
    Set<String> owners = new HashSet<>();
    for (JsonNode item : parse(r.out()).path("nftables")) {
      for (String kind : List.of("set", "map")) {
        JsonNode set = item.path(kind);
        for (JsonNode el : set.path("elem")) {
          String comment = el.path("elem").path("comment").asText(null);
          if (el.isArray()) {
            comment = el.path(0).path("elem").path("comment").asText(null); // a map element: [key, value]
          }
          if (comment == null || !comment.startsWith("net:")) {
            out.add("nft " + kind + " " + set.path("name").asText() + " element " + el + " has no owner");
            continue;
          }
          String owner = comment.substring(4);
          owners.add(owner);
          if (!netById.containsKey(owner) && !epById.containsKey(owner)) {
            out.add("nft " + kind + " " + set.path("name").asText() + " element " + el + " is owned by " + owner + ", which has no record");
          }
        }
      }
    }
    netById.values().forEach(n -> {
      if (!owners.contains(n.id())) {
        out.add("network " + n.name() + " has no nft elements");
      }
    });
  }

  private void sandbox(List<String> out, TestNetns sb, List<Ep> eps) {
    Map<String, Ep> byIface = new HashMap<>();
    eps.forEach(e -> byIface.put(e.iface(), e));
    Set<String> present = new TreeSet<>();
    for (JsonNode l : json(sb, "ip", "-j", "address", "show")) {
      String name = l.path("ifname").asText();
      if (name.equals("lo")) {
        continue;
      }
      present.add(name);
      Ep e = byIface.get(name);
      Set<String> v4 = new TreeSet<>();
      l.path("addr_info").forEach(a -> {
        if (a.path("family").asText().equals("inet")) {
          v4.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
        }
      });
      if (e == null) {
        out.add("sandbox " + sb.name() + " has interface " + name + " with " + v4 + " but no endpoint");
      } else if (!v4.equals(Set.of(e.ipv4())) || !flags(l).contains("UP")) {
        out.add("sandbox " + sb.name() + " interface " + name + " holds " + v4 + " (flags " + flags(l) + "), endpoint " + e.id()
            + " has " + e.ipv4());
      }
    }
    if (!present.equals(byIface.keySet())) {
      out.add("sandbox " + sb.name() + " has interfaces " + present + ", its endpoints " + new TreeSet<>(byIface.keySet()));
    }
    Set<String> defaults = new TreeSet<>();
    for (JsonNode r : json(sb, "ip", "-j", "route", "show")) {
      String dev = r.path("dev").asText();
      if (!byIface.containsKey(dev)) {
        out.add("sandbox " + sb.name() + " route " + r + " uses " + dev + ", which no endpoint has");
      }
      if (r.path("dst").asText().equals("default")) {
        defaults.add(dev + " via " + r.path("gateway").asText());
      }
    }
    Set<String> wanted = new TreeSet<>();
    eps.forEach(e -> wanted.add(e.iface() + " via " + e.gateway()));
    if (!defaults.equals(wanted)) {
      out.add("sandbox " + sb.name() + " default routes " + defaults + ", wanted " + wanted);
    }
  }

  private static Set<String> flags(JsonNode link) {
    Set<String> f = new HashSet<>();
    link.path("flags").forEach(x -> f.add(x.asText()));
    return f;
  }

  private static JsonNode json(TestNetns ns, String... argv) {
    return parse(Shell.in(ns, argv).ok().out());
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
