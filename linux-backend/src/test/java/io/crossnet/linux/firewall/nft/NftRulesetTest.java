package io.crossnet.linux.firewall.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.model.IpPrefix;
import io.crossnet.linux.firewall.FirewallNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftRulesetTest {

  private static FirewallNetwork net(String id, String bridge, boolean masq, boolean internal, String... subnets) {
    return new FirewallNetwork(id, bridge,
        java.util.Arrays.stream(subnets).map(s -> IpPrefix.parse("subnet", s)).toList(), masq, internal);
  }

  @Test
  void elementsCoverBridgeSubnetsAndInternal() {
    List<NftElement> e = NftRuleset.elementsOf(net("ab12", "cn-ab12", true, true, "10.50.0.7/24", "fd00:1::/64"));
    assertEquals(List.of(
        "bridges cn-ab12", "bridge_self cn-ab12 . cn-ab12", "internal_bridges cn-ab12",
        "nat_v4 10.50.0.0/24", "nat_v6 fd00:1::/64"),
        e.stream().map(NftElement::id).toList());
    assertTrue(e.stream().allMatch(x -> x.owner().equals("ab12")));
  }

  @Test
  void noNatWithoutMasquerade() {
    List<NftElement> e = NftRuleset.elementsOf(net("ab12", "br0", false, false, "10.50.0.0/24"));
    assertEquals(List.of("bridges br0", "bridge_self br0 . br0"), e.stream().map(NftElement::id).toList());
  }

  @Test
  void addCommandQuotesNamesAndCarriesOwner() {
    String text = NftRuleset.add(NftRuleset.elementsOf(net("ab12", "br0", true, false, "10.50.0.0/24")));
    assertTrue(text.contains("add element inet crossnet bridges { \"br0\" comment \"net:ab12\" }"), text);
    assertTrue(text.contains("add element inet crossnet bridge_self { \"br0\" . \"br0\" comment \"net:ab12\" }"), text);
    assertTrue(text.contains("add element inet crossnet nat_v4 { 10.50.0.0/24 comment \"net:ab12\" }"), text);
  }

  @Test
  void rejectsNamesThatCouldInjectCommands() {
    for (String bad : List.of("a\"b", "br0; flush ruleset", "a b", "x}", "0123456789abcdef", "", "é")) {
      assertThrows(IllegalArgumentException.class, () -> NftRuleset.elementsOf(net("ab12", bad, false, true)), bad);
    }
    for (String bad : List.of("net-1", "ab12\"", "ab 12", "", "g0")) {
      assertThrows(IllegalArgumentException.class, () -> NftRuleset.elementsOf(net(bad, "br0", false, false)), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> NftRuleset.elementsOf(net("ab12", null, false, true)));
  }

  @Test
  void listedElementsAreRevalidatedBeforeDelete() {
    NftElement evil = new NftElement(NftRuleset.BRIDGES, List.of("x\" }\nflush ruleset"), "ab12");
    assertThrows(IllegalArgumentException.class, () -> NftRuleset.delete(List.of(evil)));
    NftElement foreign = new NftElement("other_set", List.of("x"), "ab12");
    assertThrows(IllegalArgumentException.class, () -> NftRuleset.delete(List.of(foreign)));
  }

  @Test
  void iccOffAddsTheBridgePairAndOtherShapesAreWhatThisOneLacks() {
    FirewallNetwork closed = new FirewallNetwork("ab12", "br0", List.of(IpPrefix.parse("s", "10.50.0.0/24")), true, false, false);
    assertTrue(NftRuleset.elementsOf(closed).stream().anyMatch(e -> e.id().equals("no_icc br0 . br0")));
    assertEquals(List.of("internal_bridges br0"), NftRuleset.otherShapesOf(closed).stream().map(NftElement::id).toList());
    assertEquals(List.of("internal_bridges br0", "no_icc br0 . br0"),
        NftRuleset.otherShapesOf(net("ab12", "br0", true, false, "10.50.0.0/24")).stream().map(NftElement::id).toList());
  }

  @Test
  void replaceAndDiscardNeedNoListing() {
    List<NftElement> e = List.of(new NftElement(NftRuleset.BRIDGES, List.of("br0"), "ab12"));
    String add = "add element inet crossnet bridges { \"br0\" comment \"net:ab12\" }";
    String del = "delete element inet crossnet bridges { \"br0\" }";
    assertEquals(add + "\n" + del + "\n" + add, NftRuleset.replace(e));
    assertEquals(add + "\n" + del, NftRuleset.discard(e));
  }
}
