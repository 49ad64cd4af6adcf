package io.crossnet.linux.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.linux.addr.Addresses;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several change requests in one write: each applied in order, every ack awaited, the first refusal reported. */
@Privileged
class NetlinkBatchTest {
  @Test
  void everyRequestIsAppliedAndARefusalIsReportedAfterTheRest() {
    try (TestNetns ns = TestNetns.create("cn-batch");
        NetlinkSocket nl = NetNs.at(ns.path()).run(NetlinkSocket::open)) {
      nl.executeAll("lo", List.of(Addresses.addMessage(1, IpPrefix.parse("t", "10.9.9.9/32"), false), Links.upMessage("lo")));
      String lo = ns.sh("ip", "-o", "addr", "show", "dev", "lo");
      assertTrue(lo.contains("10.9.9.9/32"), lo);
      assertTrue(ns.sh("ip", "-o", "link", "show", "lo").contains("UP"));

      // the second of three is refused (no such link); the third is still applied
      BackendFailure e = assertThrows(BackendFailure.class, () -> nl.executeAll("mixed", List.of(
          Addresses.addMessage(1, IpPrefix.parse("t", "10.9.9.10/32"), false),
          Addresses.addMessage(424242, IpPrefix.parse("t", "10.9.9.11/32"), false),
          Addresses.addMessage(1, IpPrefix.parse("t", "10.9.9.12/32"), false))));
      assertTrue(e.operation().contains("request 2 of 3"), e.operation());
      String after = ns.sh("ip", "-o", "addr", "show", "dev", "lo");
      assertTrue(after.contains("10.9.9.10/32") && after.contains("10.9.9.12/32"), after);

      // the socket still pairs requests and answers after a batch
      nl.executeAll("again", List.of(Links.upMessage("lo")));
      assertEquals(1, new Links(nl).require("lo").index());
    }
  }

  @Test
  void aRefusalTheCallerIgnoresIsNotReportedAndTheOthersAre() {
    try (TestNetns ns = TestNetns.create("cn-batch");
        NetlinkSocket nl = NetNs.at(ns.path()).run(NetlinkSocket::open)) {
      List<BackendFailure> refused = nl.executeEach(Arrays.asList(null, "named", "applied"), List.of(
          Addresses.addMessage(424242, IpPrefix.parse("t", "10.9.9.13/32"), false),
          Addresses.addMessage(424243, IpPrefix.parse("t", "10.9.9.14/32"), false),
          Addresses.addMessage(1, IpPrefix.parse("t", "10.9.9.15/32"), false)));
      assertNull(refused.get(0));
      assertEquals("named", refused.get(1).operation());
      assertNull(refused.get(2));
      assertTrue(ns.sh("ip", "-o", "addr", "show", "dev", "lo").contains("10.9.9.15/32"));
    }
  }
}
