package io.crossnet.linux.firewall.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Shapes as printed by libnftables 1.0.6 ({@code nft -j list table inet crossnet}). */
class NftListingTest {
  private static final String LISTING = """
      {"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}},
       {"table": {"family": "inet", "name": "crossnet", "handle": 1}},
       {"set": {"family": "inet", "name": "nat_v4", "table": "crossnet", "type": "ipv4_addr", "flags": ["interval"],
         "elem": [{"elem": {"val": {"prefix": {"addr": "10.50.0.0", "len": 24}}, "comment": "net:abc"}},
                  {"elem": {"val": "10.50.1.5", "comment": "net:abc"}},
                  {"prefix": {"addr": "10.60.0.0", "len": 16}}]}},
       {"set": {"family": "inet", "name": "nat_v6", "table": "crossnet", "type": "ipv6_addr", "flags": ["interval"],
         "elem": [{"elem": {"val": {"prefix": {"addr": "fd00:1::", "len": 64}}, "comment": "net:abc"}}]}},
       {"set": {"family": "inet", "name": "internal_bridges", "table": "crossnet", "type": "ifname"}},
       {"set": {"family": "inet", "name": "bridge_self", "table": "crossnet", "type": ["ifname", "ifname"],
         "elem": [{"elem": {"val": {"concat": ["cn-abc", "cn-abc"]}, "comment": "net:abc"}}]}},
       {"set": {"family": "ip", "name": "nat_v4", "table": "crossnet", "type": "ipv4_addr",
         "elem": ["10.1.1.1"]}},
       {"chain": {"family": "inet", "table": "crossnet", "name": "forward", "handle": 7}}]}
      """;

  @Test
  void readsElementsWithOwnersAndCanonicalKeys() {
    List<NftElement> e = NftListing.elements(LISTING);
    assertEquals(List.of("nat_v4 10.50.0.0/24", "nat_v4 10.50.1.5/32", "nat_v4 10.60.0.0/16",
        "nat_v6 fd00:1::/64", "bridge_self cn-abc . cn-abc"), e.stream().map(NftElement::id).toList());
    assertEquals("abc", e.get(0).owner());
    assertNull(e.get(2).owner());
    assertEquals("nft-element", e.get(4).owned().kind());
  }

  @Test
  void findsTheTable() {
    assertTrue(NftListing.hasTable(LISTING));
    assertFalse(NftListing.hasTable("{\"nftables\": [{\"table\": {\"family\": \"ip\", \"name\": \"crossnet\"}}]}"));
    assertFalse(NftListing.hasTable(""));
  }
}
