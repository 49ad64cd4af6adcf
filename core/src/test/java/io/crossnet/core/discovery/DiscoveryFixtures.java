package io.crossnet.core.discovery;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.Ids;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.NetworkType;
import io.crossnet.core.model.SandboxRef;
import io.crossnet.core.model.Scope;
import io.crossnet.core.model.Subnet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** Networks, endpoints and queries for discovery tests; public so the Linux DNS tests reuse them. */
public final class DiscoveryFixtures {
  private DiscoveryFixtures() {}

  /** A network with the given subnets (CIDRs) and, when not null, a domain. */
  public static Network network(String name, String domain, String... cidrs) {
    List<Subnet> subnets = new ArrayList<>();
    for (String c : cidrs) {
      IpPrefix p = IpPrefix.parse("subnet", c);
      subnets.add(new Subnet(p, p.first().plus(1), p, Map.of()));
    }
    Map<String, String> options = new HashMap<>();
    if (domain != null) {
      options.put(DiscoveryOptions.DOMAIN, domain);
    }
    return new Network(Ids.newId(), name, NetworkType.BRIDGE, Scope.LOCAL, false, subnets, options, Map.of(),
        Instant.EPOCH, LifecycleState.ACTIVE, List.of());
  }

  public static Network withOption(Network n, String key, String value) {
    Map<String, String> o = new HashMap<>(n.options());
    o.put(key, value);
    return new Network(n.id(), n.name(), n.type(), n.scope(), n.internal(), n.subnets(), o, n.labels(), n.createdAt(),
        n.state(), n.objects());
  }

  /** An endpoint on {@code n}; v4/v6 are addresses without length (null for none). */
  public static Endpoint endpoint(Network n, String name, List<String> aliases, String v4, String v6) {
    return endpoint(n, "/var/run/netns/sb-" + name, name, aliases, v4, v6);
  }

  public static Endpoint endpoint(Network n, String sandbox, String name, List<String> aliases, String v4, String v6) {
    IpPrefix p4 = v4 == null ? null : new IpPrefix(IpAddress.parse("v4", v4), 24);
    IpPrefix p6 = v6 == null ? null : new IpPrefix(IpAddress.parse("v6", v6), 64);
    return new Endpoint(Ids.newId(), n.id(), new SandboxRef(sandbox), "eth0", name, aliases, p4, p6,
        "02:00:00:00:00:01", null, null, Instant.EPOCH, LifecycleState.ACTIVE, List.of());
  }

  public static Message query(String name, int type) {
    try {
      return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
