package io.crossnet.linux.addr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.link.VethPeer;
import io.crossnet.linux.netlink.IfAddr;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Addresses} against the kernel, with {@code ip addr} as the independent witness. */
@Privileged
class AddressesTest {
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private TestNetns ns;
  private Addresses addresses;
  private String dev;
  private int index;

  @BeforeEach
  void setUp() {
    ns = track(TestNetns.create("cn-addr"));
    NetlinkSocket nl = track(NetNs.at(ns.path()).run(NetlinkSocket::open));
    addresses = new Addresses(nl);
    Links links = new Links(nl);
    // a veth pair with both ends up in the namespace: a link with carrier, as an endpoint's is
    dev = "cnad" + Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 62).substring(0, 8);
    links.addVeth(dev, 1500, new VethPeer(dev + "p", null, 1500, NetNs.at(ns.path())));
    links.setUp(dev);
    links.setUp(dev + "p");
    index = links.require(dev).index();
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

  /** "address/prefixlen" -> the address entry of {@code ip -j addr show dev}, for one family. */
  private Map<String, JsonNode> ipAddrs(String family) {
    Map<String, JsonNode> out = new HashMap<>();
    try {
      for (JsonNode link : new ObjectMapper().readTree(ns.sh("ip", "-j", family, "addr", "show", "dev", dev))) {
        for (JsonNode a : link.path("addr_info")) {
          out.put(a.path("local").asText() + "/" + a.path("prefixlen").asInt(), a);
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  @Test
  void v4AddListDelete() {
    IpPrefix a = IpPrefix.parse("a", "10.61.0.2/24");
    addresses.add(index, a, false);
    JsonNode ip = ipAddrs("-4").get("10.61.0.2/24");
    assertTrue(ip != null, ipAddrs("-4").toString());
    // as 'ip addr add ... brd +': the subnet's broadcast is a local broadcast, not a unicast target
    assertEquals("10.61.0.255", ip.path("broadcast").asText(), ip.toString());

    Address listed = addresses.list(index).stream().filter(x -> x.prefix().equals(a)).findFirst().orElseThrow();
    assertEquals(index, listed.index());
    assertTrue(listed.isV4());
    // every link's addresses when the index is 0, lo's included
    assertTrue(addresses.list(0).contains(listed));
    assertTrue(addresses.list(0).stream().anyMatch(x -> x.prefix().equals(IpPrefix.parse("lo", "127.0.0.1/8"))));
    assertFalse(addresses.list(index).stream().anyMatch(x -> x.index() != index));

    BackendFailure dup = assertThrows(BackendFailure.class, () -> addresses.add(index, a, false));
    assertEquals("EEXIST", dup.code());

    assertTrue(addresses.delete(index, a));
    assertFalse(ipAddrs("-4").containsKey("10.61.0.2/24"));
    assertFalse(addresses.delete(index, a));
    assertFalse(addresses.list(index).stream().anyMatch(x -> x.prefix().equals(a)));
  }

  @Test
  void v4HostAddressHasNoBroadcast() {
    addresses.add(index, IpPrefix.parse("a", "10.61.1.1/32"), false);
    addresses.add(index, IpPrefix.parse("a", "10.61.2.0/31"), false);
    assertFalse(ipAddrs("-4").get("10.61.1.1/32").has("broadcast"), ipAddrs("-4").toString());
    assertFalse(ipAddrs("-4").get("10.61.2.0/31").has("broadcast"), ipAddrs("-4").toString());
  }

  @Test
  void v6NoDadIsUsableAtOnce() {
    IpPrefix a = IpPrefix.parse("a", "fd00:61::2/64");
    addresses.add(index, a, true);
    JsonNode ip = ipAddrs("-6").get("fd00:61::2/64");
    assertTrue(ip != null, ipAddrs("-6").toString());
    // no duplicate address detection: never tentative, so a sandbox can use it right away
    assertFalse(ip.has("tentative"), ip.toString());
    assertTrue(ip.path("nodad").asBoolean(), ip.toString());

    Address listed = addresses.list(index).stream().filter(x -> x.prefix().equals(a)).findFirst().orElseThrow();
    assertFalse(listed.isV4());
    assertEquals(IfAddr.IFA_F_NODAD, listed.flags() & IfAddr.IFA_F_NODAD);
    assertEquals(0, listed.flags() & IfAddr.IFA_F_TENTATIVE);

    assertTrue(addresses.delete(index, a));
    assertFalse(ipAddrs("-6").containsKey("fd00:61::2/64"));
    assertFalse(addresses.delete(index, a));
  }

  @Test
  void deleteOnAMissingLinkIsFalse() {
    assertFalse(addresses.delete(987654, IpPrefix.parse("a", "10.61.0.9/24")));
  }
}
