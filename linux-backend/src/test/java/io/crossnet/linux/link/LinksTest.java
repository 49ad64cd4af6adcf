package io.crossnet.linux.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Links} against the kernel, with {@code ip} as the independent witness. */
@Privileged
class LinksTest {
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private TestNetns ns;
  private Links links;

  @BeforeEach
  void setUp() {
    ns = track(TestNetns.create("cn-links"));
    // the socket belongs to the namespace it was opened in, whatever thread uses it later
    NetlinkSocket nl = track(NetNs.at(ns.path()).run(NetlinkSocket::open));
    links = new Links(nl);
  }

  @AfterEach
  void tearDown() {
    // reverse order: sockets go before their namespaces
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

  /** A random valid name of 15 characters, the longest the kernel takes. */
  private static String name(String prefix) {
    String hex = Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 62);
    return (prefix + hex).substring(0, 15);
  }

  /** The link as {@code ip -j -d link show} reports it in {@code where}. */
  private static JsonNode ipLink(TestNetns where, String name) {
    try {
      return new ObjectMapper().readTree(where.sh("ip", "-j", "-d", "link", "show", "dev", name)).get(0);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void bridgeWithMtuUpAndAlias() {
    String br = name("cnbr");
    links.addBridge(br, 1400);
    JsonNode ip = ipLink(ns, br);
    assertEquals("bridge", ip.path("linkinfo").path("info_kind").asText(), ip.toString());
    assertEquals(1400, ip.path("mtu").asInt(), ip.toString());
    assertFalse(links.require(br).isUp());

    links.setUp(br);
    links.setAlias(br, "crossnet:abc");
    ip = ipLink(ns, br);
    assertTrue(ip.path("flags").toString().contains("\"UP\""), ip.toString());
    assertEquals("crossnet:abc", ip.path("ifalias").asText(), ip.toString());

    Link l = links.require(br);
    assertEquals(new Link(ip.path("ifindex").asInt(), br, "bridge", "crossnet:abc", 0, 1400, l.flags(),
        ip.path("address").asText()), l);
    assertTrue(l.isUp());

    links.setMtu(br, 1300);
    assertEquals(1300, ipLink(ns, br).path("mtu").asInt());
    links.setDown(br);
    assertFalse(links.require(br).isUp());
  }

  @Test
  void listAndGet() {
    String br = name("cnbr");
    links.addBridge(br, 1500);
    List<String> names = links.list().stream().map(Link::name).toList();
    assertTrue(names.contains("lo"), names.toString());
    assertTrue(names.contains(br), names.toString());
    Link lo = links.require("lo");
    assertEquals(1, lo.index());
    assertNull(lo.kind());
    assertTrue(links.get(name("cnnone")).isEmpty());
    BackendFailure f = assertThrows(BackendFailure.class, () -> links.require("cnmissing"));
    assertEquals("ENODEV", f.code());
  }

  @Test
  void vethPeerIsBornInTheOtherNamespaceWithItsFinalNameMacAndMtu() {
    TestNetns other = track(TestNetns.create("cn-links-peer"));
    String host = name("cnve");
    links.addVeth(host, 1450, new VethPeer("eth0", "02:42:0a:00:00:07", 1450, NetNs.at(other.path())));

    JsonNode peer = ipLink(other, "eth0");
    assertEquals("veth", peer.path("linkinfo").path("info_kind").asText(), peer.toString());
    assertEquals("02:42:0a:00:00:07", peer.path("address").asText(), peer.toString());
    assertEquals(1450, peer.path("mtu").asInt(), peer.toString());
    // never visible in the creating namespace, not even under a temporary name
    assertTrue(links.get("eth0").isEmpty());
    assertEquals(List.of("lo", host), links.list().stream().map(Link::name).toList());

    Link l = links.require(host);
    assertEquals("veth", l.kind());
    assertEquals(1450, l.mtu());

    // deleting one end takes the other with it
    assertTrue(links.delete(host));
    assertTrue(other.run("ip", "link", "show", "dev", "eth0").exit() != 0);
  }

  /**
   * The kernel walks a namespace's ids of other namespaces upwards on every notification about a
   * veth whose peer is elsewhere, so the newest peer namespace is given the lowest id, and the
   * walks about its pair stop at once (PeerNetnsIds).
   */
  @Test
  void eachNewPeerNamespaceGetsAnIdBelowTheOnesBefore() {
    TestNetns a = track(TestNetns.create("cn-links-peer"));
    TestNetns b = track(TestNetns.create("cn-links-peer"));
    String toA = name("cnve");
    String toB = name("cnve");
    String againToA = name("cnve");
    links.addVeth(toA, 1500, new VethPeer("eth0", null, 1500, NetNs.at(a.path())));
    links.addVeth(toB, 1500, new VethPeer("eth0", null, 1500, NetNs.at(b.path())));
    links.addVeth(againToA, 1500, new VethPeer("eth1", null, 1500, NetNs.at(a.path())));

    int idA = ipLink(ns, toA).path("link_netnsid").asInt(-1);
    int idB = ipLink(ns, toB).path("link_netnsid").asInt(-1);
    assertTrue(idB >= 0 && idB < idA, idA + " then " + idB);
    assertEquals(idA, ipLink(ns, againToA).path("link_netnsid").asInt(-1), "a namespace keeps the id it has");
  }

  /** An id someone else gave meanwhile is not this pair's failure: the kernel picks another. */
  @Test
  void aPeerNamespaceWhoseNextIdIsTakenGetsOneFromTheKernel() {
    TestNetns a = track(TestNetns.create("cn-links-peer"));
    TestNetns b = track(TestNetns.create("cn-links-peer"));
    TestNetns other = track(TestNetns.create("cn-links-peer"));
    String toA = name("cnve");
    links.addVeth(toA, 1500, new VethPeer("eth0", null, 1500, NetNs.at(a.path())));
    int next = ipLink(ns, toA).path("link_netnsid").asInt() - 1;
    ns.sh("ip", "netns", "set", other.name(), String.valueOf(next));

    String toB = name("cnve");
    links.addVeth(toB, 1500, new VethPeer("eth0", null, 1500, NetNs.at(b.path())));
    int idB = ipLink(ns, toB).path("link_netnsid").asInt(-1);
    assertTrue(idB >= 0 && idB != next, String.valueOf(idB));
    assertEquals("veth", ipLink(b, "eth0").path("linkinfo").path("info_kind").asText());
  }

  @Test
  void vethPeerWithoutMacGetsOneFromTheKernel() {
    TestNetns other = track(TestNetns.create("cn-links-peer"));
    String host = name("cnve");
    links.addVeth(host, 1500, new VethPeer("eth1", null, 1500, NetNs.at(other.path())));
    assertEquals(17, ipLink(other, "eth1").path("address").asText().length());
  }

  @Test
  void setMasterEnslavesAndReleases() {
    TestNetns other = track(TestNetns.create("cn-links-peer"));
    String br = name("cnbr");
    String veth = name("cnve");
    links.addBridge(br, 1500);
    links.addVeth(veth, 1500, new VethPeer("eth0", null, 1500, NetNs.at(other.path())));
    int brIndex = links.require(br).index();

    links.setMaster(veth, brIndex);
    assertEquals(br, ipLink(ns, veth).path("master").asText());
    assertEquals(brIndex, links.require(veth).master());

    links.setMaster(veth, 0);
    assertTrue(ipLink(ns, veth).path("master").isMissingNode());
    assertEquals(0, links.require(veth).master());
  }

  @Test
  void deleteReportsWhetherTheLinkWasThere() {
    String br = name("cnbr");
    links.addBridge(br, 1500);
    assertTrue(links.delete(br));
    assertTrue(ns.run("ip", "link", "show", "dev", br).exit() != 0);
    assertFalse(links.delete(br));
    assertTrue(links.get(br).isEmpty());
  }

  @Test
  void duplicateNameIsEexist() {
    String br = name("cnbr");
    links.addBridge(br, 1500);
    BackendFailure f = assertThrows(BackendFailure.class, () -> links.addBridge(br, 1500));
    assertEquals("EEXIST", f.code());
    assertTrue(f.operation().contains(br), f.operation());
  }

  @Test
  void nameLongerThanFifteenCharactersIsRefusedWithTheErrno() {
    String tooLong = "cn" + "a".repeat(14);
    BackendFailure f = assertThrows(BackendFailure.class, () -> links.addBridge(tooLong, 1500));
    // the kernel's attribute policy refuses it: ERANGE on current kernels, EINVAL on older ones
    assertTrue(Set.of("EINVAL", "ERANGE").contains(f.code()), f.getMessage());
    assertTrue(f.getMessage().contains(tooLong), f.getMessage());
    assertTrue(links.get(tooLong.substring(0, 15)).isEmpty());
    // the refusal consumed its reply: the socket still answers the next request
    assertEquals(List.of("lo"), links.list().stream().map(Link::name).toList());
  }
}
