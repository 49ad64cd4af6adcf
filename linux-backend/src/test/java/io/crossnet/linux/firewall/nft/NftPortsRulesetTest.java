package io.crossnet.linux.firewall.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.model.IpAddress;
import io.crossnet.core.model.PortMapping;
import io.crossnet.linux.firewall.FirewallPorts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DNAT map elements of published ports, as text: one per host port and family. */
class NftPortsRulesetTest {
  private static final String EP = "ab12cd";

  private static FirewallPorts ports(String v4, String v6, PortMapping... m) {
    return new FirewallPorts(EP, "ff00", "cnbr", v4 == null ? null : IpAddress.parse("t", v4), v6 == null ? null : IpAddress.parse("t", v6),
        List.of(m));
  }

  private static IpAddress ip(String s) {
    return IpAddress.parse("t", s);
  }

  @Test
  void everyAddressMappingsGoToTheAnyMapsOfTheEndpointsFamilies() {
    List<NftElement> e = NftRuleset.elementsOf(ports("10.9.0.2", "fd00::2", new PortMapping("tcp", null, 8080, 80, 1)));
    assertEquals(List.of("ports_any_v4 tcp . 8080", "ports_any_v6 tcp . 8080"), e.stream().map(NftElement::id).toList());
    assertEquals(List.of("10.9.0.2", "80"), e.get(0).value());
    assertEquals(List.of("fd00::2", "80"), e.get(1).value());
  }

  @Test
  void aSpecificAddressKeysItsOwnFamilyOnly() {
    List<NftElement> e = NftRuleset.elementsOf(ports("10.9.0.2", "fd00::2", new PortMapping("udp", ip("192.0.2.1"), 5353, 53, 1),
        new PortMapping("tcp", ip("::"), 9000, 90, 1)));
    assertEquals(List.of("ports_v4 192.0.2.1 . udp . 5353", "ports_any_v6 tcp . 9000"), e.stream().map(NftElement::id).toList());
  }

  @Test
  void rangesAreExpandedPortByPortAndSingleStackSkipsTheOtherFamily() {
    List<NftElement> e = NftRuleset.elementsOf(ports("10.9.0.2", null, new PortMapping("tcp", null, 8000, 80, 3)));
    assertEquals(List.of("ports_any_v4 tcp . 8000", "ports_any_v4 tcp . 8001", "ports_any_v4 tcp . 8002"),
        e.stream().map(NftElement::id).toList());
    assertEquals(List.of("10.9.0.2", "82"), e.get(2).value());
  }

  @Test
  void addTextCarriesTheOwnerOnTheKeyAndTheTargetAsValue() {
    String text = NftRuleset.add(NftRuleset.elementsOf(ports("10.9.0.2", null, new PortMapping("sctp", ip("192.0.2.1"), 7000, 70, 1))));
    assertEquals("add element inet crossnet ports_v4 { 192.0.2.1 . sctp . 7000 comment \"net:ab12cd\" : 10.9.0.2 . 70 }", text);
    assertTrue(NftRuleset.delete(NftRuleset.elementsOf(ports("10.9.0.2", null, new PortMapping("tcp", null, 1, 2, 1))))
        .contains("delete element inet crossnet ports_any_v4 { tcp . 1 }"));
  }

  @Test
  void wordsOutsideAddressesProtocolsAndPortsNeverReachTheText() {
    NftElement bad = new NftElement(NftRuleset.PORTS_ANY_V4, List.of("tcp", "80 ; flush ruleset"), List.of("10.0.0.1", "80"), EP);
    assertThrows(IllegalArgumentException.class, () -> NftRuleset.add(List.of(bad)));
    assertThrows(IllegalArgumentException.class, () -> NftRuleset.elementsOf(ports("10.9.0.2", null, new PortMapping("icmp", null, 1, 1, 1))));
  }
}
