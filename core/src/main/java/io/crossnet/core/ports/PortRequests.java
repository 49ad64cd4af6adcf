package io.crossnet.core.ports;

import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.Names;
import io.crossnet.core.model.PortMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks the ports of an attach request on their own (no store, no host): numbers, ranges,
 * protocols, addresses, and overlaps inside the request. A mapping whose host port is to be
 * chosen comes back with {@code hostPort} 0.
 */
public final class PortRequests {
  /** Ports one endpoint may publish in all, ranges counted port by port. */
  public static final int MAX_PORTS = 1024;
  private static final int MAX_MAPPINGS = 64;

  private PortRequests() {}

  public static List<PortMapping> check(List<PortRequest> asked, IpAddress defaultHostIp, FieldErrors errors) {
    if (asked == null || asked.isEmpty()) {
      return List.of();
    }
    if (asked.size() > MAX_MAPPINGS) {
      errors.add("ports", "at most " + MAX_MAPPINGS + " mappings");
      return List.of();
    }
    List<PortMapping> out = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < asked.size(); i++) {
      String field = "ports[" + i + "]";
      PortRequest r = asked.get(i);
      if (r == null) {
        errors.add(field, "is empty");
        continue;
      }
      PortMapping m = one(field, r, defaultHostIp, errors);
      if (m == null) {
        continue;
      }
      for (int j = 0; j < out.size(); j++) {
        if (HostPorts.clash(out.get(j), m)) {
          errors.add(field, "publishes host port " + describe(m) + " that ports[" + j + "] publishes too");
        }
      }
      total += m.count();
      out.add(m);
    }
    if (total > MAX_PORTS) {
      errors.add("ports", "at most " + MAX_PORTS + " ports in all (got " + total + ")");
    }
    return out;
  }

  private static PortMapping one(String field, PortRequest r, IpAddress defaultHostIp, FieldErrors errors) {
    int before = errors.size();
    String protocol = r.protocol() == null ? "tcp" : r.protocol().toLowerCase(Locale.ROOT);
    if (!PortMapping.PROTOCOLS.contains(protocol)) {
      errors.add(field + ".protocol", "must be tcp, udp or sctp (got '" + Names.printable(r.protocol()) + "')");
    }
    Integer cp = r.containerPort();
    if (cp == null) {
      errors.add(field + ".containerPort", "is required");
    } else {
      port(field + ".containerPort", cp, errors);
    }
    int count = 1;
    if (r.containerPortEnd() != null && cp != null) {
      if (port(field + ".containerPortEnd", r.containerPortEnd(), errors)) {
        if (r.containerPortEnd() < cp) {
          errors.add(field + ".containerPortEnd", "must not be below containerPort (" + r.containerPortEnd() + " < " + cp + ")");
        } else {
          count = r.containerPortEnd() - cp + 1;
        }
      }
    }
    int hostPort = 0;
    if (r.hostPort() != null) {
      if (port(field + ".hostPort", r.hostPort(), errors)) {
        hostPort = r.hostPort();
        if (hostPort + count - 1 > 65535) {
          errors.add(field + ".hostPort", "the range of " + count + " ports from " + hostPort + " passes 65535");
        }
      }
    }
    if (r.hostPortEnd() != null) {
      if (r.hostPort() == null) {
        errors.add(field + ".hostPortEnd", "needs hostPort");
      } else if (port(field + ".hostPortEnd", r.hostPortEnd(), errors) && r.hostPortEnd() - r.hostPort() + 1 != count) {
        errors.add(field + ".hostPortEnd", "the host range must be as long as the container range (" + count + " ports)");
      }
    }
    IpAddress hostIp = defaultHostIp;
    if (r.hostIp() != null) {
      hostIp = errors.check(() -> IpAddress.parse(field + ".hostIp", r.hostIp()));
    }
    return errors.size() > before ? null : new PortMapping(protocol, hostIp, hostPort, cp, count);
  }

  private static boolean port(String field, int value, FieldErrors errors) {
    if (value < 1 || value > 65535) {
      errors.add(field, "must be a port from 1 to 65535 (got " + value + ")");
      return false;
    }
    return true;
  }

  static String describe(PortMapping m) {
    String ports = m.count() == 1 ? Integer.toString(m.hostPort()) : m.hostPort() + "-" + m.hostPortEnd();
    String ip = m.hostIp() == null ? "*" : m.hostIp().isV4() ? m.hostIp().toString() : "[" + m.hostIp() + "]";
    return ip + ":" + ports + "/" + m.protocol();
  }
}
