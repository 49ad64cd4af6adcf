package io.crossnet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.NsDns;
import io.crossnet.service.testing.ServiceFixture;
import io.crossnet.service.testing.StubUpstream;
import io.crossnet.service.testing.UnixHttp.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * The resolver at 127.0.0.11 inside sandboxes, asked with dig from inside them: names and
 * aliases per network, PTR, forwarding to a stub upstream on loopback (with a truncated answer
 * that needs TCP), names gone right after detach, and answers during attach/detach churn.
 */
class DiscoveryIT extends ServiceFixture {
  // made by the constructor, so it is up before the fixture's @BeforeAll asks config()
  private final StubUpstream upstream;
  private Path netnsEtc;

  DiscoveryIT() throws IOException {
    upstream = new StubUpstream();
  }

  @Override
  protected Map<String, String> config() {
    netnsEtc = dir.resolve("netns-etc");
    return Map.of("crossnet.dns.upstreams", upstream.address(), "crossnet.dns.netns-etc", netnsEtc.toString());
  }

  @AfterAll
  void closeUpstream() throws IOException {
    upstream.close();
  }

  @Test
  void namesAliasesAndPtrResolveInsideTheirNetworksOnly() throws Exception {
    net("front", "10.71.0.0/24");
    net("back", "10.72.0.0/24");
    TestNetns c1 = topo.sandbox("d1");
    TestNetns c2 = topo.sandbox("d2");
    TestNetns c3 = topo.sandbox("d3");
    TestNetns both = topo.sandbox("d4");
    JsonNode e1 = attach("front", c1, "c1", "api");
    String ip2 = address(attach("front", c2, "c2", "api"));
    String ip3 = address(attach("back", c3, "c3"));
    attach("front", both, "gw");
    attach("back", both, "gw");

    assertEquals(List.of("127.0.0.11"), texts(e1.get("dns").get("nameservers")));
    Path conf = netnsEtc.resolve(c1.name()).resolve("resolv.conf");
    assertTrue(Files.readString(conf).contains("nameserver 127.0.0.11"), () -> read(conf));

    assertEquals(List.of(ip2), dig(c1, "c2"));
    assertEquals(List.of(ip2), dig(c1, "C2."), "names compare case-insensitively");
    assertEquals(List.of(address(e1), ip2), sorted(dig(c1, "api")), "both endpoints sharing an alias");
    assertEquals("NXDOMAIN", status(c1, "c3"), "a name of another network");
    assertEquals(List.of(ip3), dig(both, "c3"), "a sandbox on both networks sees both");
    assertEquals(List.of(ip2), dig(both, "c2"));
    assertEquals(List.of("c2."), c1.sh("dig", "@127.0.0.11", "+time=2", "+tries=1", "+short", "-x", ip2).lines().toList());

    Reply api = http.get("/v1/networks/front/discovery?name=API");
    assertEquals(200, api.status(), api::toString);
    assertEquals(2, api.json().size(), api::toString);
    assertEquals(3, http.get("/v1/networks/front/discovery").json().size());

    Reply gone = http.delete("/v1/networks/front/endpoints/c2");
    assertEquals(204, gone.status(), gone::toString);
    assertEquals("NXDOMAIN", status(c1, "c2"), "a detached name is gone at once");
    assertFalse(Files.exists(netnsEtc.resolve(c2.name())), "the last detach removes the sandbox's resolv.conf");
    assertTrue(http.get("/v1/info").json().get("dns").get("queries").asLong() > 0);
  }

  @Test
  void otherNamesAreForwardedUpstreamWithTcpWhenTruncated() {
    net("fwd", "10.73.0.0/24");
    TestNetns s = topo.sandbox("f1");
    attach("fwd", s, "f1");
    assertEquals(List.of("192.0.2.77"), dig(s, "ext.example"));
    assertEquals("NXDOMAIN", status(s, "nothing.example"));
    int before = upstream.tcpQueries();
    List<String> big = dig(s, "big.example");
    assertEquals(StubUpstream.BIG, big.size(), big::toString);
    assertTrue(upstream.tcpQueries() > before, "the truncated UDP answer was retried over TCP");
  }

  /**
   * A runtime may attach before it ever brings the sandbox's lo up: the resolver must still
   * answer from 127.0.0.11 (a UDP socket bound before lo's first up answers from 127.0.0.1,
   * which dig and glibc drop).
   */
  @Test
  void aSandboxWhoseLoopbackWasNeverUpIsAnsweredFromTheResolversAddress() {
    net("lodown", "10.77.0.0/24");
    TestNetns peer = topo.sandbox("l1");
    TestNetns fresh = topo.bareSandbox("l2");
    String ip = address(attach("lodown", peer, "lpeer"));
    attach("lodown", fresh, "lfresh");
    assertEquals(List.of(ip), dig(fresh, "lpeer"));
  }

  @Test
  void namesSurviveARestart() {
    net("keep", "10.74.0.0/24");
    TestNetns a = topo.sandbox("k1");
    TestNetns b = topo.sandbox("k2");
    attach("keep", a, "ka");
    String ip = address(attach("keep", b, "kb"));
    service.stop();
    service.start();
    assertEquals(List.of(ip), dig(a, "kb"));
  }

  @Test
  void theResolverKeepsAnsweringWhileEndpointsChurn() throws Exception {
    net("steady", "10.75.0.0/24");
    net("churn", "10.76.0.0/22");
    TestNetns asker = topo.sandbox("q1");
    TestNetns peer = topo.sandbox("q2");
    attach("steady", asker, "asker");
    String ip = address(attach("steady", peer, "peer"));
    List<TestNetns> churners = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      churners.add(topo.sandbox("ch" + i));
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread churn = new Thread(() -> {
      try {
        // 1,000 operations: 500 attaches and their 500 detaches
        for (int round = 0; round < 50; round++) {
          List<String> ids = new ArrayList<>();
          for (TestNetns c : churners) {
            ids.add(attach("churn", c, c.name()).get("id").asText());
          }
          for (String id : ids) {
            Reply r = http.delete("/v1/networks/churn/endpoints/" + id);
            assertEquals(204, r.status(), r::toString);
          }
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "churn");
    int asked = 0;
    try (NsDns dns = new NsDns(asker)) {
      churn.start();
      while (churn.isAlive()) {
        Message m = dns.a("peer");
        assertEquals(Rcode.NOERROR, m.getRcode(), m::toString);
        assertEquals(ip, m.getSection(Section.ANSWER).get(0).rdataToString());
        asked++;
      }
    } finally {
      churn.join();
    }
    if (failure.get() != null) {
      throw new AssertionError("churn failed", failure.get());
    }
    assertTrue(asked > 100, "asked " + asked + " times during the churn");
  }

  private JsonNode attach(String network, TestNetns ns, String name, String... aliases) {
    StringBuilder a = new StringBuilder();
    for (String alias : aliases) {
      a.append(a.length() == 0 ? "" : ",").append('"').append(alias).append('"');
    }
    Reply r = http.post("/v1/networks/" + network + "/endpoints", "{\"sandbox\":\"" + ns.path() + "\",\"interface\":\"eth"
        + interfaceIndex(ns) + "\",\"name\":\"" + name + "\",\"aliases\":[" + a + "]}");
    assertEquals(201, r.status(), r::toString);
    return r.json();
  }

  /** eth0 for a sandbox's first network, eth1 for its second. */
  private static int interfaceIndex(TestNetns ns) {
    return ns.run("ip", "link", "show", "eth0").exit() == 0 ? 1 : 0;
  }

  private static List<String> dig(TestNetns ns, String name) {
    return ns.sh("dig", "@127.0.0.11", "+time=2", "+tries=1", "+short", name, "A").lines().map(String::strip)
        .filter(l -> !l.isEmpty()).toList();
  }

  private static String status(TestNetns ns, String name) {
    String out = ns.sh("dig", "@127.0.0.11", "+time=2", "+tries=1", name, "A");
    int i = out.indexOf("status: ");
    return i < 0 ? out : out.substring(i + 8, out.indexOf(',', i));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<String> sorted(List<String> l) {
    return l.stream().sorted().toList();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
