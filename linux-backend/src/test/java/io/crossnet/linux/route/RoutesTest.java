package io.crossnet.linux.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.linux.addr.Addresses;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.link.VethPeer;
import io.crossnet.linux.netlink.Netlink;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.netlink.RtRoute;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Routes} against the kernel, with {@code ip route} as the independent witness. */
@Privileged
class RoutesTest {
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private TestNetns ns;
  private Routes routes;
  private String dev;
  private int index;

  @BeforeEach
  void setUp() {
    ns = track(TestNetns.create("cn-route"));
    NetlinkSocket nl = track(NetNs.at(ns.path()).run(NetlinkSocket::open));
    routes = new Routes(nl);
    Links links = new Links(nl);
    dev = "cnrt" + Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 62).substring(0, 8);
    links.addVeth(dev, 1500, new VethPeer(dev + "p", null, 1500, NetNs.at(ns.path())));
    links.setUp(dev);
    links.setUp(dev + "p");
    index = links.require(dev).index();
    // the gateways must be on-link: the kernel refuses a default route via an unreachable one
    Addresses addresses = new Addresses(nl);
    addresses.add(index, IpPrefix.parse("v4", "10.62.0.2/24"), false);
    addresses.add(index, IpPrefix.parse("v6", "fd00:62::2/64"), true);
  }

  @AfterEach
  void tearDown() {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      try {
        cleanup.get(i).close();
      } catch (Exception e) {
        // keep closing the rest; a leaked namespace is worse than a lost exception
      }
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    cleanup.add(c);
    return c;
  }

  /** The default routes of one family as {@code ip -j [-6] route show default} lists them. */
  private JsonNode ipDefaults(String family) {
    try {
      return new ObjectMapper().readTree(ns.sh("ip", "-j", family, "route", "show", "default"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private List<Route> defaults(int family) {
    return routes.list(family).stream().filter(Route::isDefault).toList();
  }

  @Test
  void replaceDefaultV4IsIdempotentAndReplaces() {
    IpAddress gw = IpAddress.parse("gw", "10.62.0.1");
    routes.replaceDefault(gw, index);
    routes.replaceDefault(gw, index);
    JsonNode ip = ipDefaults("-4");
    assertEquals(1, ip.size(), ip.toString());
    assertEquals("10.62.0.1", ip.get(0).path("gateway").asText(), ip.toString());
    assertEquals(dev, ip.get(0).path("dev").asText(), ip.toString());

    List<Route> listed = defaults(Netlink.AF_INET);
    assertEquals(1, listed.size(), listed.toString());
    Route r = listed.get(0);
    assertEquals(gw, r.gateway());
    assertEquals(index, r.outIndex());
    assertEquals(RtRoute.RT_TABLE_MAIN, r.table());
    assertEquals(RtRoute.RTN_UNICAST, r.type());

    // a second attach with another gateway takes the place of the first
    routes.replaceDefault(IpAddress.parse("gw", "10.62.0.254"), index);
    ip = ipDefaults("-4");
    assertEquals(1, ip.size(), ip.toString());
    assertEquals("10.62.0.254", ip.get(0).path("gateway").asText(), ip.toString());
  }

  @Test
  void replaceDefaultV6IsIdempotentAndReplaces() {
    IpAddress gw = IpAddress.parse("gw", "fd00:62::1");
    routes.replaceDefault(gw, index);
    routes.replaceDefault(gw, index);
    JsonNode ip = ipDefaults("-6");
    assertEquals(1, ip.size(), ip.toString());
    assertEquals("fd00:62::1", ip.get(0).path("gateway").asText(), ip.toString());
    assertEquals(dev, ip.get(0).path("dev").asText(), ip.toString());

    List<Route> listed = defaults(Netlink.AF_INET6);
    assertEquals(1, listed.size(), listed.toString());
    assertEquals(gw, listed.get(0).gateway());
    assertEquals(index, listed.get(0).outIndex());
    // the v4 table is untouched
    assertEquals(List.of(), defaults(Netlink.AF_INET));

    routes.replaceDefault(IpAddress.parse("gw", "fd00:62::fe"), index);
    ip = ipDefaults("-6");
    assertEquals(1, ip.size(), ip.toString());
    assertEquals("fd00:62::fe", ip.get(0).path("gateway").asText(), ip.toString());
  }

  @Test
  void addDefaultIsExclusive() {
    IpAddress gw = IpAddress.parse("gw", "10.62.0.1");
    routes.addDefault(gw, index);
    BackendFailure f = assertThrows(BackendFailure.class, () -> routes.addDefault(gw, index));
    assertEquals("EEXIST", f.code());
    assertEquals(1, ipDefaults("-4").size());
  }

  @Test
  void gatewayOffLinkIsRefused() {
    BackendFailure f = assertThrows(BackendFailure.class,
        () -> routes.replaceDefault(IpAddress.parse("gw", "192.0.2.1"), index));
    assertEquals("ENETUNREACH", f.code(), f.getMessage());
    assertEquals(0, ipDefaults("-4").size());
  }
}
