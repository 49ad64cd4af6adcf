package io.crossnet.linux.firewall.nft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.crossnet.linux.netlink.MessageBuilder;
import io.crossnet.linux.netlink.NfTables;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Port map elements as nf_tables messages: the byte layout nft gives the maps' concatenated types. */
class NftElementMessagesTest {
  private static final String EP = "ab12cd";

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Test
  void everyPartTakesA32BitRegisterWithPortsInNetworkOrder() {
    NftElement any = new NftElement(NftRuleset.PORTS_ANY_V4, List.of("tcp", "8080"), List.of("10.9.0.2", "80"), EP);
    assertEquals("06000000" + "1f900000", hex(NftElementMessages.key(any)));
    assertEquals("0a090002" + "00500000", hex(NftElementMessages.value(any)));

    NftElement specific = new NftElement(NftRuleset.PORTS_V4, List.of("192.0.2.1", "udp", "53"), List.of("10.9.0.2", "5353"), EP);
    assertEquals("c0000201" + "11000000" + "00350000", hex(NftElementMessages.key(specific)));

    NftElement v6 = new NftElement(NftRuleset.PORTS_V6, List.of("fd00::1", "sctp", "65535"), List.of("fd00::2", "1"), EP);
    assertEquals("fd000000000000000000000000000001" + "84000000" + "ffff0000", hex(NftElementMessages.key(v6)));
    assertEquals("fd000000000000000000000000000002" + "00010000", hex(NftElementMessages.value(v6)));
  }

  @Test
  void theCommentIsLibnftnlsUserDataRecord() {
    assertArrayEquals(new byte[] {0, 4, 'n', 'e', 't', 0}, NftElementMessages.comment("net"));
  }

  @Test
  void partsOfTheWrongKindOrFamilyAreRefused() {
    List<NftElement> bad = List.of(
        new NftElement(NftRuleset.PORTS_ANY_V4, List.of("tcp", "80 ; flush ruleset"), List.of("10.0.0.1", "80"), EP),
        new NftElement(NftRuleset.PORTS_ANY_V4, List.of("icmp", "80"), List.of("10.0.0.1", "80"), EP),
        new NftElement(NftRuleset.PORTS_ANY_V4, List.of("tcp", "0"), List.of("10.0.0.1", "80"), EP),
        new NftElement(NftRuleset.PORTS_ANY_V4, List.of("tcp", "80"), List.of("fd00::1", "80"), EP),
        new NftElement(NftRuleset.PORTS_V6, List.of("10.0.0.1", "tcp", "80"), List.of("fd00::1", "80"), EP),
        new NftElement(NftRuleset.PORTS_ANY_V4, List.of("tcp"), List.of("10.0.0.1", "80"), EP),
        new NftElement(NftRuleset.BRIDGES, List.of("br0"), EP));
    for (NftElement e : bad) {
      assertThrows(IllegalArgumentException.class, () -> NftElementMessages.add(List.of(e)), e::toString);
    }
    NftElement badOwner = new NftElement(NftRuleset.PORTS_ANY_V4, List.of("tcp", "80"), List.of("10.0.0.1", "80"), "x\"y");
    assertThrows(IllegalArgumentException.class, () -> NftElementMessages.add(List.of(badOwner)));
  }

  @Test
  void oneMessagePerMapNamesTableAndMap() {
    List<NftElement> elements = List.of(
        new NftElement(NftRuleset.PORTS_ANY_V4, List.of("tcp", "1"), List.of("10.0.0.1", "1"), EP),
        new NftElement(NftRuleset.PORTS_ANY_V6, List.of("tcp", "1"), List.of("fd00::1", "1"), EP),
        new NftElement(NftRuleset.PORTS_ANY_V4, List.of("tcp", "2"), List.of("10.0.0.1", "2"), EP));
    List<MessageBuilder> add = NftElementMessages.add(elements);
    assertEquals(2, add.size());
    ByteBuffer m = ByteBuffer.wrap(add.get(0).build(0, 0)).order(ByteOrder.nativeOrder());
    assertEquals(NfTables.NFNL_SUBSYS_NFTABLES << 8 | NfTables.NFT_MSG_NEWSETELEM, m.getShort(4));
    // nfgenmsg: inet, version 0, resource 0; then the table and the map by name
    assertEquals(NfTables.NFPROTO_INET, m.get(16));
    assertEquals(NfTables.NFTA_SET_ELEM_LIST_TABLE, m.getShort(22));
    assertEquals("crossnet\0", new String(m.array(), 24, 9, StandardCharsets.US_ASCII));
    assertEquals(NfTables.NFTA_SET_ELEM_LIST_SET, m.getShort(38));
    assertEquals("ports_any_v4\0", new String(m.array(), 40, 13, StandardCharsets.US_ASCII));
    assertEquals(NfTables.NFNL_SUBSYS_NFTABLES << 8 | NfTables.NFT_MSG_DELSETELEM,
        ByteBuffer.wrap(NftElementMessages.delete(elements).get(1).build(0, 0)).order(ByteOrder.nativeOrder()).getShort(4));
  }
}
