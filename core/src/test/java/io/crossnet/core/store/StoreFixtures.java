package io.crossnet.core.store;

import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Ids;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.NetworkType;
import io.crossnet.core.model.SandboxRef;
import io.crossnet.core.model.Scope;
import io.crossnet.core.model.Subnet;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records with every field filled, so a round trip through the store checks them all. */
final class StoreFixtures {
  private StoreFixtures() {}

  static Network network(String name, String v4, String v6) {
    IpPrefix p4 = IpPrefix.parse("t", v4);
    IpPrefix p6 = IpPrefix.parse("t", v6);
    Subnet s4 = new Subnet(p4, p4.first().plus(1), new IpPrefix(p4.first().plus(128), 25),
        Map.of("router", p4.first().plus(2)));
    Subnet s6 = new Subnet(p6, p6.first().plus(1), null, Map.of());
    return new Network(Ids.newId(), name, NetworkType.NAT, Scope.LOCAL, true, List.of(s4, s6),
        Map.of("mtu", "1400"), Map.of("com.example/team", "net ops"), Instant.parse("2024-05-06T07:08:09.123456Z"),
        LifecycleState.ACTIVE, List.of("link:cn" + name));
  }

  static Endpoint endpoint(Network n, String sandbox, String iface, int host) {
    String id = Ids.newId();
    Subnet s4 = n.v4().orElseThrow();
    Subnet s6 = n.v6().orElseThrow();
    return new Endpoint(id, n.id(), new SandboxRef(sandbox), iface, "ep" + host, List.of("alias" + host),
        new IpPrefix(s4.subnet().first().plus(host), s4.subnet().length()),
        new IpPrefix(s6.subnet().first().plus(host), s6.subnet().length()),
        Ids.macFor(id), s4.gateway(), s6.gateway(), Instant.parse("2024-05-06T07:08:10Z"), LifecycleState.PENDING,
        List.of("veth:" + id.substring(0, 8)));
  }

  static IpAddress ip(String s) {
    return IpAddress.parse("t", s);
  }
}
