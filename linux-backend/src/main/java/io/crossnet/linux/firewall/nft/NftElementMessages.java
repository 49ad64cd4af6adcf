package io.crossnet.linux.firewall.nft;

import io.crossnet.core.model.IpAddress;
import io.crossnet.linux.netlink.MessageBuilder;
import io.crossnet.linux.netlink.Netlink;
import io.crossnet.linux.netlink.NfTables;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Published-port map elements as nf_tables netlink messages, the form libnftables would send for
 * {@code add element} and {@code delete element}, built without its parser and without the cache
 * of the table it fetches from the kernel at every call (about ten dumps per transaction, half a
 * millisecond of CPU per attach). Only the port maps are written this way: their keys and values
 * are fixed-size words, where networks' interval sets need libnftables' range handling.
 *
 * <p>A concatenation is laid out as nft lays it out: each part at the start of its own 32-bit
 * register, zero-padded (a protocol takes 4 bytes, a port 4, in network byte order). The comment
 * is libnftnl's user-data record, so {@code nft list} shows it and {@link NftListing} reads it.
 */
final class NftElementMessages {
  private static final Map<String, Integer> PROTOCOL_NUMBERS = Map.of("tcp", 6, "udp", 17, "sctp", 132);
  /**
   * Elements per message: a nested attribute's length is 16 bits, and 1,000 IPv6 elements (76
   * bytes each) would overflow the list's; a range of ports takes several messages of one batch.
   */
  private static final int PER_MESSAGE = 256;

  private NftElementMessages() {}

  /** The batch's opening message: every change up to {@link #end} is one nf_tables transaction. */
  static MessageBuilder begin() {
    return new MessageBuilder(NfTables.NFNL_MSG_BATCH_BEGIN, 0).nfgenmsg(Netlink.AF_UNSPEC, NfTables.NFNL_SUBSYS_NFTABLES);
  }

  static MessageBuilder end() {
    return new MessageBuilder(NfTables.NFNL_MSG_BATCH_END, 0).nfgenmsg(Netlink.AF_UNSPEC, NfTables.NFNL_SUBSYS_NFTABLES);
  }

  /** Adds the elements with their owner comments, one message per map (per 256 elements); an identical element is left as it is. */
  static List<MessageBuilder> add(List<NftElement> elements) {
    return messages(NfTables.NFT_MSG_NEWSETELEM, Netlink.NLM_F_CREATE, elements, true);
  }

  /** Deletes the elements by key; one that is absent fails the transaction. */
  static List<MessageBuilder> delete(List<NftElement> elements) {
    return messages(NfTables.NFT_MSG_DELSETELEM, 0, elements, false);
  }

  private static List<MessageBuilder> messages(int msg, int flags, List<NftElement> elements, boolean withData) {
    Map<String, List<NftElement>> bySet = new LinkedHashMap<>();
    for (NftElement e : elements) {
      bySet.computeIfAbsent(e.set(), s -> new ArrayList<>()).add(e);
    }
    List<MessageBuilder> out = new ArrayList<>();
    bySet.forEach((set, inSet) -> {
      for (int from = 0; from < inSet.size(); from += PER_MESSAGE) {
        out.add(message(msg, flags, set, inSet.subList(from, Math.min(inSet.size(), from + PER_MESSAGE)), withData));
      }
    });
    return out;
  }

  private static MessageBuilder message(int msg, int flags, String set, List<NftElement> elements, boolean withData) {
    MessageBuilder m = new MessageBuilder(NfTables.type(msg), flags)
        .nfgenmsg(NfTables.NFPROTO_INET, 0)
        .string(NfTables.NFTA_SET_ELEM_LIST_TABLE, NftRuleset.TABLE_NAME)
        .string(NfTables.NFTA_SET_ELEM_LIST_SET, set)
        .begin(NfTables.NFTA_SET_ELEM_LIST_ELEMENTS | Netlink.NLA_F_NESTED);
    for (NftElement e : elements) {
      m.begin(NfTables.NFTA_LIST_ELEM | Netlink.NLA_F_NESTED);
      m.begin(NfTables.NFTA_SET_ELEM_KEY | Netlink.NLA_F_NESTED).bytes(NfTables.NFTA_DATA_VALUE, key(e)).end();
      if (withData) {
        m.begin(NfTables.NFTA_SET_ELEM_DATA | Netlink.NLA_F_NESTED).bytes(NfTables.NFTA_DATA_VALUE, value(e)).end();
        m.bytes(NfTables.NFTA_SET_ELEM_USERDATA, comment(NftRuleset.OWNER_PREFIX + NftRuleset.networkId(e.owner())));
      }
      m.end();
    }
    return m.end();
  }

  /** The key: (address .) protocol . port, as the map's type declares it. */
  static byte[] key(NftElement e) {
    List<String> k = e.key();
    Words w = new Words();
    switch (e.set()) {
      case NftRuleset.PORTS_V4, NftRuleset.PORTS_V6 -> {
        expectParts(e, k, 3);
        w.address(k.get(0), e.set().equals(NftRuleset.PORTS_V4));
        w.protocol(k.get(1)).port(k.get(2));
      }
      case NftRuleset.PORTS_ANY_V4, NftRuleset.PORTS_ANY_V6 -> {
        expectParts(e, k, 2);
        w.protocol(k.get(0)).port(k.get(1));
      }
      default -> throw new IllegalArgumentException("not a port map: " + e.set());
    }
    return w.bytes();
  }

  /** The value: the endpoint's address . its port. */
  static byte[] value(NftElement e) {
    expectParts(e, e.value(), 2);
    boolean v4 = e.set().equals(NftRuleset.PORTS_V4) || e.set().equals(NftRuleset.PORTS_ANY_V4);
    return new Words().address(e.value().get(0), v4).port(e.value().get(1)).bytes();
  }

  /** libnftnl's comment record: type, length (with the NUL), text, NUL. */
  static byte[] comment(String text) {
    byte[] s = text.getBytes(StandardCharsets.US_ASCII);
    if (s.length > 254) {
      throw new IllegalArgumentException("comment longer than 254 bytes: " + text);
    }
    byte[] out = new byte[s.length + 3];
    out[0] = (byte) NfTables.NFTNL_UDATA_SET_ELEM_COMMENT;
    out[1] = (byte) (s.length + 1);
    System.arraycopy(s, 0, out, 2, s.length);
    return out;
  }

  private static void expectParts(NftElement e, List<String> parts, int n) {
    if (parts.size() != n) {
      throw new IllegalArgumentException("element of " + e.set() + " needs " + n + " parts: " + parts);
    }
  }

  /** A concatenation being written: each part padded to a 4-byte register. */
  private static final class Words {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Words address(String text, boolean v4) {
      IpAddress a = IpAddress.tryParse(text);
      if (a == null || a.isV4() != v4) {
        throw new IllegalArgumentException("not an IPv" + (v4 ? 4 : 6) + " address: '" + text + "'");
      }
      out.writeBytes(a.toBytes());
      return this;
    }

    Words protocol(String name) {
      Integer number = PROTOCOL_NUMBERS.get(name);
      if (number == null) {
        throw new IllegalArgumentException("not a protocol crossnet publishes: '" + name + "'");
      }
      out.writeBytes(new byte[] {(byte) (int) number, 0, 0, 0});
      return this;
    }

    Words port(String text) {
      int p = text.matches("[0-9]{1,5}") ? Integer.parseInt(text) : 0;
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("not a port: '" + text + "'");
      }
      out.writeBytes(new byte[] {(byte) (p >> 8), (byte) p, 0, 0});
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
