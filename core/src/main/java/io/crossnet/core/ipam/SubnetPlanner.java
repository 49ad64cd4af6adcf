package io.crossnet.core.ipam;

import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.Names;
import io.crossnet.core.model.Subnet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a network's IPAM request into resolved {@link Subnet}s: parses and checks each item
 * (every problem reported at once, by field), fills in defaults (gateway = first address, a pool
 * subnet when none is given), and refuses overlaps with subnets already in use.
 */
public final class SubnetPlanner {
  static final int MAX_AUX = 64;

  private SubnetPlanner() {}

  /** One IPAM config item as a client sends it; nulls mean "not given". */
  public record PoolRequest(String subnet, String gateway, String ipRange, Map<String, String> auxAddresses) {}

  public static List<Subnet> plan(List<PoolRequest> asked, boolean enableIpv6, Collection<IpPrefix> inUse, AddressPools pools) {
    FieldErrors errors = new FieldErrors();
    List<Subnet> subnets = resolve(asked, errors);
    errors.throwIfAny();
    for (int i = 0; i < subnets.size(); i++) {
      IpPrefix p = subnets.get(i).subnet();
      for (IpPrefix used : inUse) {
        if (p.overlaps(used)) {
          throw new AlreadyExists("ipam.config[" + i + "].subnet: " + p + " overlaps " + used + ", which another network uses");
        }
      }
    }
    if (subnets.stream().noneMatch(Subnet::isV4)) {
      subnets.add(0, withDefaults(pools.nextFree(true, inUse)));
    }
    if (enableIpv6 && subnets.stream().allMatch(Subnet::isV4)) {
      subnets.add(withDefaults(pools.nextFree(false, inUse)));
    }
    return List.copyOf(subnets);
  }

  /**
   * Parses and checks the requested items on their own (syntax, gateway and range inside the
   * subnet, one subnet per family), adding problems to {@code errors}; needs no store, so callers
   * report these together with their other field errors.
   */
  public static List<Subnet> resolve(List<PoolRequest> asked, FieldErrors errors) {
    List<Subnet> subnets = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      String field = "ipam.config[" + i + "]";
      PoolRequest r = asked.get(i);
      if (r == null) {
        errors.add(field, "is empty");
        continue;
      }
      Subnet s = resolve(field, r, errors);
      if (s != null) {
        if (subnets.stream().anyMatch(o -> o.isV4() == s.isV4())) {
          errors.add(field + ".subnet", "a network has at most one IPv4 and one IPv6 subnet");
        } else {
          subnets.add(s);
        }
      }
    }
    return subnets;
  }

  private static Subnet withDefaults(IpPrefix subnet) {
    return new Subnet(subnet, subnet.first().plus(1), null, Map.of());
  }

  private static Subnet resolve(String field, PoolRequest r, FieldErrors errors) {
    IpPrefix subnet = errors.check(() -> IpPrefix.parse(field + ".subnet", r.subnet()));
    if (subnet == null) {
      return null;
    }
    int minHostBits = 2;
    if (subnet.hostBits() < minHostBits) {
      errors.add(field + ".subnet", subnet + " is too small: it needs room for a gateway and an endpoint (at most /" + (subnet.address().bits() - minHostBits) + ")");
      return null;
    }
    if (!subnet.network().equals(subnet)) {
      errors.add(field + ".subnet", subnet + " has host bits set; did you mean " + subnet.network() + "?");
      return null;
    }
    String unusable = unusable(subnet);
    if (unusable != null) {
      errors.add(field + ".subnet", subnet + " " + unusable);
      return null;
    }
    int errorsBefore = errors.size();
    IpAddress gateway = subnet.first().plus(1);
    if (r.gateway() != null) {
      gateway = errors.check(() -> IpAddress.parse(field + ".gateway", r.gateway()));
      if (gateway != null) {
        checkHostAddress(field + ".gateway", gateway, subnet, errors);
      }
    }
    IpPrefix range = null;
    if (r.ipRange() != null) {
      range = errors.check(() -> IpPrefix.parse(field + ".ipRange", r.ipRange()));
      if (range != null && !subnet.contains(range)) {
        errors.add(field + ".ipRange", range + " is not inside subnet " + subnet);
      } else if (range != null && !range.network().equals(range)) {
        errors.add(field + ".ipRange", range + " has host bits set; did you mean " + range.network() + "?");
      } else if (range != null && range.first().hi() != subnet.first().hi() && !subnet.isV4()) {
        errors.add(field + ".ipRange", range + " lies beyond the first 2^64 addresses of " + subnet);
      }
    }
    Map<String, IpAddress> aux = new TreeMap<>();
    Map<String, String> askedAux = r.auxAddresses() == null ? Map.of() : r.auxAddresses();
    if (askedAux.size() > MAX_AUX) {
      errors.add(field + ".auxAddresses", "at most " + MAX_AUX + " auxiliary addresses");
    } else {
      Map<String, String> sorted = new TreeMap<>(java.util.Comparator.nullsFirst(java.util.Comparator.<String>naturalOrder()));
      sorted.putAll(askedAux);
      for (Map.Entry<String, String> e : sorted.entrySet()) {
        String auxField = field + ".auxAddresses." + Names.printable(e.getKey());
        if (e.getKey() == null || !Names.NAME.matcher(e.getKey()).matches()) {
          errors.add(auxField, "a name is letters, digits, '_', '.', '-' and at most 63 characters");
          continue;
        }
        IpAddress a = errors.check(() -> IpAddress.parse(auxField, e.getValue()));
        if (a != null && a.equals(gateway)) {
          errors.add(auxField, a + " is the gateway, which is reserved already");
        } else if (a != null && checkHostAddress(auxField, a, subnet, errors)) {
          aux.put(e.getKey(), a);
        }
      }
    }
    if (errors.size() != errorsBefore || gateway == null) {
      return null;
    }
    return new Subnet(subnet, gateway, range, aux);
  }

  private static final int MIN_V4_LENGTH = 8;
  private static final int MIN_V6_LENGTH = 32;
  private static final List<IpPrefix> RESERVED = List.of(
      IpPrefix.parse("reserved", "0.0.0.0/8"), IpPrefix.parse("reserved", "127.0.0.0/8"),
      IpPrefix.parse("reserved", "169.254.0.0/16"), IpPrefix.parse("reserved", "224.0.0.0/3"),
      IpPrefix.parse("reserved", "::/8"), IpPrefix.parse("reserved", "fe80::/10"), IpPrefix.parse("reserved", "ff00::/8"));

  /**
   * Why a subnet cannot hold a network, or null: wider than a /8 (IPv4) or /32 (IPv6), which
   * would claim a good part of all addresses, or inside this-host, loopback, link-local,
   * multicast or reserved space, which the kernel routes specially.
   */
  private static String unusable(IpPrefix subnet) {
    int min = subnet.isV4() ? MIN_V4_LENGTH : MIN_V6_LENGTH;
    if (subnet.length() < min) {
      return "is too large: at most a /" + min + " for " + (subnet.isV4() ? "IPv4" : "IPv6");
    }
    for (IpPrefix r : RESERVED) {
      if (r.isV4() == subnet.isV4() && r.overlaps(subnet)) {
        return "lies in " + r + ", which is not for networks (loopback, link-local, multicast or reserved)";
      }
    }
    return null;
  }

  /** An address a host may hold in the subnet: inside it, not its network or broadcast address. */
  private static boolean checkHostAddress(String field, IpAddress a, IpPrefix subnet, FieldErrors errors) {
    if (!subnet.contains(a)) {
      errors.add(field, a + " is outside subnet " + subnet);
      return false;
    }
    if (a.equals(subnet.first())) {
      errors.add(field, a + " is the network address of " + subnet);
      return false;
    }
    if (subnet.isV4() && a.equals(subnet.last())) {
      errors.add(field, a + " is the broadcast address of " + subnet);
      return false;
    }
    return true;
  }
}
