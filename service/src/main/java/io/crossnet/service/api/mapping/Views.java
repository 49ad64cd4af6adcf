package io.crossnet.service.api.mapping;

import io.crossnet.core.discovery.DiscoveryEntry;
import io.crossnet.core.discovery.DnsSettings;
import io.crossnet.core.events.Event;
import io.crossnet.core.events.EventType;
import io.crossnet.core.flow.EndpointRequest;
import io.crossnet.core.flow.NetworkRequest;
import io.crossnet.core.ipam.SubnetPlanner.PoolRequest;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.PortMapping;
import io.crossnet.core.model.Subnet;
import io.crossnet.core.ports.PortRequest;
import io.crossnet.service.api.DiscoveryEntryView;
import io.crossnet.service.api.DnsView;
import io.crossnet.service.api.EndpointCreate;
import io.crossnet.service.api.EndpointView;
import io.crossnet.service.api.EventView;
import io.crossnet.service.api.Ipam;
import io.crossnet.service.api.IpamConfig;
import io.crossnet.service.api.NetworkCreate;
import io.crossnet.service.api.NetworkView;
import io.crossnet.service.api.PortView;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Between the wire shapes of {@code api} and the core's requests and records; nothing else. */
public final class Views {
  private Views() {}

  public static NetworkRequest request(NetworkCreate c) {
    List<PoolRequest> pools = c.ipam() == null || c.ipam().config() == null ? null
        : c.ipam().config().stream()
            .map(p -> p == null ? null : new PoolRequest(p.subnet(), p.gateway(), p.ipRange(), p.auxAddresses()))
            .toList();
    return new NetworkRequest(c.name(), c.driver() == null ? "nat" : c.driver(), pools, c.options(), c.labels(),
        Boolean.TRUE.equals(c.internal()), Boolean.TRUE.equals(c.enableIpv6()), c.scope());
  }

  public static EndpointRequest request(EndpointCreate c) {
    List<PortRequest> ports = c.ports() == null ? List.of() : c.ports().stream()
        .map(p -> p == null ? null : new PortRequest(p.protocol(), p.containerPort(), p.containerPortEnd(), p.hostPort(),
            p.hostPortEnd(), p.hostIp()))
        .toList();
    return new EndpointRequest(c.sandbox(), c.interfaceName(), c.name(), c.aliases(), c.ipv4Address(), c.ipv6Address(),
        c.macAddress(), ports, c.gwPriority());
  }

  public static NetworkView view(Network n) {
    List<IpamConfig> config = n.subnets().stream().map(Views::config).toList();
    return new NetworkView(n.id(), n.name(), n.type().wireName(), lower(n.scope().name()), n.internal(), n.v6().isPresent(),
        new Ipam(config), n.options(), n.labels(), n.createdAt(), lower(n.state().name()), n.objects());
  }

  public static EndpointView view(Endpoint e, DnsSettings dns) {
    return new EndpointView(e.id(), e.networkId(), e.sandbox().path(), e.interfaceName(), e.name(), e.aliases(),
        text(e.ipv4()), text(e.ipv6()), e.macAddress(), text(e.gateway4()), text(e.gateway6()), e.gwPriority(), e.createdAt(),
        lower(e.state().name()), e.ports().stream().map(Views::view).toList(), dns == null ? null : new DnsView(dns.nameservers(), dns.search(), dns.options()));
  }

  public static PortView view(PortMapping m) {
    boolean range = m.count() > 1;
    return new PortView(m.protocol(), m.containerPort(), range ? m.containerPortEnd() : null, m.hostPort(),
        range ? m.hostPortEnd() : null, text(m.hostIp()));
  }

  public static EventView view(Event e) {
    return new EventView(e.seq(), e.type().wireName(), e.time(), e.networkId(), e.networkName(), e.endpointId(),
        e.objects().isEmpty() ? null : e.objects(), e.detail(), e.type() == EventType.GAP ? e.dropped() : null);
  }

  public static DiscoveryEntryView view(DiscoveryEntry d) {
    return new DiscoveryEntryView(d.endpointId(), d.name(), d.aliases(), text(d.v4()), text(d.v6()));
  }

  private static IpamConfig config(Subnet s) {
    Map<String, String> aux = new TreeMap<>();
    s.auxAddresses().forEach((k, v) -> aux.put(k, v.toString()));
    return new IpamConfig(s.subnet().toString(), s.gateway().toString(), text(s.ipRange()), aux);
  }

  private static String text(Object o) {
    return Objects.toString(o, null);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
