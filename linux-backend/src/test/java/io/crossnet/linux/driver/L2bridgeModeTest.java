package io.crossnet.linux.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.model.Ids;
import io.crossnet.core.model.IpPrefix;
import io.crossnet.core.model.LifecycleState;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.NetworkType;
import io.crossnet.core.model.Scope;
import io.crossnet.core.model.Subnet;
import io.crossnet.linux.ns.NetNs;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The l2bridge mode is decided once, when the network is planned, and read back from the record
 * afterwards; the kernels here have no ipvlan, so the ipvlan path is shown by its plan and its
 * netlink message ({@code LinkMessagesTest}), and the routed path live by {@code L2bridgeNetworkIT}.
 */
class L2bridgeModeTest {
  @Test
  void aKernelWithIpvlanPlansTheIpvlanModeAndTouchesNoHostSetting() {
    // no socket: planning in ipvlan mode must not need the kernel
    L2bridgeDriver driver = new L2bridgeDriver(NetNs.current(), null, true);
    Network n = network(List.of());
    assertEquals(List.of(L2bridgeDriver.IPVLAN_MODE), driver.plan(n));
    assertTrue(L2bridgeDriver.ipvlan(network(driver.plan(n))));
  }

  @Test
  void aNetworkRecordedWithoutTheModeStaysRouted() {
    assertFalse(L2bridgeDriver.ipvlan(network(List.of("sysctl net.ipv4.conf.eth1.proxy_arp=0"))));
  }

  private static Network network(List<String> objects) {
    IpPrefix p = IpPrefix.parse("t", "10.86.0.0/24");
    return new Network(Ids.newId(), "l2", NetworkType.L2BRIDGE, Scope.LOCAL, false,
        List.of(new Subnet(p, p.first().plus(1), null, Map.of())), Map.of("parent", "eth1"), Map.of(), Instant.now(),
        LifecycleState.PENDING, objects);
  }
}
