package io.crossnet.service.firewall;

import static io.crossnet.service.testing.HostTopology.HOST_UPLINK;
import static io.crossnet.service.testing.HostTopology.HOST_UPLINK6;
import static io.crossnet.service.testing.HostTopology.WORLD;
import static io.crossnet.service.testing.HostTopology.WORLD6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.crossnet.linux.testing.TestNetns;
import io.crossnet.service.testing.NsSockets;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * crossnet shares the host's packet filter with other tools: another nftables table and
 * iptables chains and rules of someone else's (in both families) stay exactly as they were
 * through create, attach, a repair after crossnet's own rules were lost, a restart and delete;
 * and that tool flushing or deleting its own table or chain leaves crossnet's traffic working,
 * with no reconciler pass in between (the period is an hour here). Run once per driver.
 */
abstract class ForeignRulesCases extends FirewallDriverCase {

  @Override
  Map<String, String> scenario() {
    return Map.of("crossnet.reconcile-period", "1h");
  }

  @BeforeEach
  void foreignTool() {
    topo.host().sh("nft", "add table inet foreign; add set inet foreign peers { type ipv4_addr; elements = { 198.51.100.7 }; }; "
        + "add chain inet foreign through { type filter hook forward priority 10; policy accept; }; "
        + "add rule inet foreign through ip saddr @peers counter accept; add table ip foreignnat; "
        + "add chain ip foreignnat post { type nat hook postrouting priority 110; policy accept; }; "
        + "add rule ip foreignnat post ip saddr 198.51.100.0/24 masquerade");
    topo.host().sh("iptables", "-N", "FOREIGN");
    topo.host().sh("iptables", "-A", "FOREIGN", "-s", "198.51.100.0/24", "-j", "ACCEPT");
    topo.host().sh("iptables", "-A", "FORWARD", "-j", "FOREIGN");
    topo.host().sh("iptables", "-t", "nat", "-N", "FOREIGN-NAT");
    topo.host().sh("iptables", "-t", "nat", "-A", "FOREIGN-NAT", "-s", "198.51.100.0/24", "-j", "MASQUERADE");
    topo.host().sh("iptables", "-t", "nat", "-A", "POSTROUTING", "-j", "FOREIGN-NAT");
    topo.host().sh("ip6tables", "-N", "FOREIGN6");
    topo.host().sh("ip6tables", "-A", "FOREIGN6", "-s", "2001:db8:99::/64", "-j", "DROP");
    topo.host().sh("ip6tables", "-A", "FORWARD", "-j", "FOREIGN6");
  }

  @AfterEach
  void foreignToolGone() {
    topo.host().run("nft", "delete table inet foreign");
    topo.host().run("nft", "delete table ip foreignnat");
    topo.host().run("iptables", "-D", "FORWARD", "-j", "FOREIGN");
    topo.host().run("iptables", "-F", "FOREIGN");
    topo.host().run("iptables", "-X", "FOREIGN");
    topo.host().run("iptables", "-t", "nat", "-D", "POSTROUTING", "-j", "FOREIGN-NAT");
    topo.host().run("iptables", "-t", "nat", "-F", "FOREIGN-NAT");
    topo.host().run("iptables", "-t", "nat", "-X", "FOREIGN-NAT");
    topo.host().run("ip6tables", "-D", "FORWARD", "-j", "FOREIGN6");
    topo.host().run("ip6tables", "-F", "FOREIGN6");
    topo.host().run("ip6tables", "-X", "FOREIGN6");
  }

  /**
   * Everything that is not crossnet's: the foreign nft tables and every iptables rule and user
   * chain outside crossnet's, in both families, counters left out.
   */
  private String foreign() {
    String ipt = (topo.host().sh("iptables-save") + topo.host().sh("ip6tables-save")).lines()
        .filter(l -> (l.startsWith("-A ") || l.startsWith(":")) && !l.contains("CROSSNET"))
        .filter(l -> !l.matches(":(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING) ACCEPT .*"))
        .map(l -> l.replaceAll("\\[\\d+:\\d+\\]", ""))
        .collect(Collectors.joining("\n"));
    String nft = topo.host().sh("nft", "list", "table", "inet", "foreign").replaceAll("counter packets \\d+ bytes \\d+", "counter")
        + topo.host().sh("nft", "list", "table", "ip", "foreignnat");
    return nft + ipt;
  }

  private void published(TestNetns web) throws Exception {
    try (ServerSocketChannel server = NsSockets.listen(web, 80)) {
      assertEquals(WORLD, tcp(topo.world(), server, HOST_UPLINK, 8180));
      assertEquals(WORLD6, tcp(topo.world(), server, HOST_UPLINK6, 8180));
    }
  }

  private void masqueraded(TestNetns client) throws Exception {
    try (ServerSocketChannel world = NsSockets.listen(topo.world(), 9500)) {
      assertEquals(HOST_UPLINK, tcp(client, world, WORLD, 9500));
      assertEquals(HOST_UPLINK6, tcp(client, world, WORLD6, 9500));
    }
  }

  @Test
  void foreignRulesStayThroughCreateAttachRepairRestartAndDelete() throws Exception {
    String before = foreign();
    JsonNode net = dualStack("fr", 95, null);
    TestNetns web = topo.sandbox("frw");
    attach("fr", web, "\"ports\":[{\"containerPort\":80,\"hostPort\":8180}]");
    published(web);
    assertEquals(before, foreign(), "create and attach");

    // crossnet's own rules lost (by hand, as a careless admin would), then a restart repairs them
    service.stop();
    if (driver().equals("nftables")) {
      topo.host().sh("nft", "delete", "table", "inet", "crossnet");
    } else {
      topo.host().sh("iptables", "-t", "nat", "-F", "CROSSNET-PORTS");
      topo.host().sh("ip6tables", "-t", "nat", "-F", "CROSSNET-PORTS");
      topo.host().sh("iptables", "-D", "FORWARD", "-j", "CROSSNET-FORWARD");
    }
    service.start();
    published(web);
    assertEquals(before, foreign(), "repair and restart");

    deleteAll("fr");
    assertEquals(before, foreign(), "delete");
    assertFalse(firewall().contains(net.get("id").asText()));
  }

  @Test
  void anotherToolFlushingItsOwnLeavesCrossnetWorking() throws Exception {
    dualStack("fl", 96, null);
    TestNetns web = topo.sandbox("flw");
    TestNetns client = topo.sandbox("flc");
    attach("fl", web, "\"ports\":[{\"containerPort\":80,\"hostPort\":8180}]");
    attach("fl", client, null);
    published(web);
    masqueraded(client);
    String ours = crossnetFirewall();

    topo.host().sh("nft", "flush table inet foreign; delete table inet foreign; flush table ip foreignnat; delete table ip foreignnat");
    topo.host().sh("iptables", "-D", "FORWARD", "-j", "FOREIGN");
    topo.host().sh("iptables", "-F", "FOREIGN");
    topo.host().sh("iptables", "-X", "FOREIGN");
    topo.host().sh("iptables", "-t", "nat", "-F", "FOREIGN-NAT");
    topo.host().sh("ip6tables", "-F", "FOREIGN6");
    // and it loads its own chain again the way firewall tools do, without flushing the rest
    topo.host().sh("sh", "-c", "printf '*filter\\n:FOREIGN6 - [0:0]\\n-A FOREIGN6 -s 2001:db8:98::/64 -j DROP\\nCOMMIT\\n' "
        + "| ip6tables-restore --noflush");

    assertEquals(ours, crossnetFirewall(), "crossnet's rules are untouched");
    published(web);
    masqueraded(client);
    deleteAll("fl");
  }
}
