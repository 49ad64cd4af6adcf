package io.crossnet.core.ports;

import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.Exhausted;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.PortMapping;
import io.crossnet.core.store.StoreTx;
import io.crossnet.core.store.StoreView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Host ports across every network of this host, kept in the store next to the endpoints that
 * hold them: one key per (protocol, port, host address), so a conflict check is a lookup of one
 * port's few holders and choosing a port never scans the other endpoints. "Every address" (no
 * host address, or 0.0.0.0 / ::) clashes with every address of its family.
 */
public final class HostPorts {
  private final PortRange range;
  private int cursor;

  public HostPorts(PortRange range) {
    this.range = range;
    this.cursor = range.first();
  }

  /**
   * Binds {@code wanted} for the endpoint inside the caller's transaction, choosing host ports
   * where they are 0; returns the mappings as bound. A port held by another endpoint is
   * {@link AlreadyExists} naming the holder.
   */
  public synchronized List<PortMapping> bind(StoreTx tx, String endpointId, List<PortMapping> wanted) {
    List<PortMapping> bound = new ArrayList<>();
    for (PortMapping m : wanted) {
      PortMapping b = m.hostPort() == 0 ? choose(tx, m) : m;
      for (int p = b.hostPort(); p <= b.hostPortEnd(); p++) {
        String holder = holder(tx, b.protocol(), p, b.hostIp());
        if (holder != null) {
          throw new AlreadyExists("host port " + PortRequests.describe(b) + " is taken: " + p + " is published by " + who(tx, holder));
        }
      }
      for (int p = b.hostPort(); p <= b.hostPortEnd(); p++) {
        tx.bindHostPort(b.protocol(), p, key(b.hostIp()), endpointId);
      }
      bound.add(b);
    }
    return bound;
  }

  /** Frees the endpoint's ports, inside the caller's transaction. */
  public static void release(StoreTx tx, String endpointId, List<PortMapping> bound) {
    for (PortMapping b : bound) {
      for (int p = b.hostPort(); p <= b.hostPortEnd(); p++) {
        tx.unbindHostPort(b.protocol(), p, key(b.hostIp()), endpointId);
      }
    }
  }

  /** Whether two mappings would publish one host port twice. Ports still to be chosen clash with nothing. */
  static boolean clash(PortMapping a, PortMapping b) {
    return a.hostPort() != 0 && b.hostPort() != 0 && a.protocol().equals(b.protocol())
        && a.hostPort() <= b.hostPortEnd() && b.hostPort() <= a.hostPortEnd() && overlap(a.hostIp(), b.hostIp());
  }

  private PortMapping choose(StoreView v, PortMapping m) {
    int span = range.last() - range.first() + 1;
    // a moving start, like Docker: a port just freed is not handed out again right away
    for (int tried = 0; tried < span; tried++) {
      int start = range.first() + Math.floorMod(cursor - range.first() + tried, span);
      if (start + m.count() - 1 > range.last()) {
        continue;
      }
      if (free(v, m, start)) {
        cursor = start + m.count();
        return new PortMapping(m.protocol(), m.hostIp(), start, m.containerPort(), m.count());
      }
    }
    throw new Exhausted("no " + m.count() + " free host port(s) left for " + m.protocol() + " in " + range.first() + "-"
        + range.last());
  }

  private static boolean free(StoreView v, PortMapping m, int start) {
    for (int p = start; p < start + m.count(); p++) {
      if (holder(v, m.protocol(), p, m.hostIp()) != null) {
        return false;
      }
    }
    return true;
  }

  private static String holder(StoreView v, String protocol, int port, IpAddress ip) {
    for (Map.Entry<String, String> h : v.hostPortHolders(protocol, port).entrySet()) {
      if (overlap(ip, parseKey(h.getKey()))) {
        return h.getValue();
      }
    }
    return null;
  }

  private static String who(StoreView v, String endpointId) {
    return v.endpoint(endpointId).map(e -> "endpoint " + e.shortId() + name(e) + " on network "
        + v.network(e.networkId()).map(n -> "'" + n.name() + "'").orElse(e.networkId())).orElse("endpoint " + endpointId);
  }

  private static String name(Endpoint e) {
    return e.name() == null ? "" : " ('" + e.name() + "')";
  }

  static boolean overlap(IpAddress a, IpAddress b) {
    if (a == null || b == null) {
      return true;
    }
    if (a.isV4() != b.isV4()) {
      return false;
    }
    return a.isUnspecified() || b.isUnspecified() || a.equals(b);
  }

  static String key(IpAddress ip) {
    return ip == null ? "*" : ip.toString();
  }

  private static IpAddress parseKey(String key) {
    return key.equals("*") ? null : IpAddress.tryParse(key);
  }
}
