package io.crossnet.linux.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The bytes of link requests the kernel of the test machines cannot take (no 802.1q), or takes
 * but cannot be inspected for: written out field by field from {@code linux/rtnetlink.h},
 * {@code linux/if_link.h} and {@code linux/netlink.h}, independently of the builder.
 */
class LinkMessagesTest {
  private static final int RTM_NEWLINK = 16;
  private static final int NLM_F_CREATE_EXCL = 0x400 | 0x200;

  @Test
  void vlanLinkIsKindVlanWithTheIdAsU16InInfoData() {
    byte[] actual = Links.vlanMessage("eth1.100", 7, 100, 1500).build(42, 0);

    ByteBuffer b = header(92, 42);
    ifinfomsg(b);
    string(b, 3, "eth1.100"); // IFLA_IFNAME
    u32(b, 4, 1500); // IFLA_MTU
    u32(b, 5, 7); // IFLA_LINK: the parent
    b.putShort((short) 28).putShort((short) 18); // IFLA_LINKINFO
    string(b, 1, "vlan"); // IFLA_INFO_KIND
    b.putShort((short) 12).putShort((short) 2); // IFLA_INFO_DATA
    b.putShort((short) 6).putShort((short) 1).putShort((short) 100).putShort((short) 0); // IFLA_VLAN_ID, padded
    assertArrayEquals(b.array(), actual);
  }

  @Test
  void vlanIdOutsideTheTwelveBitsIsRefusedBeforeAnythingIsSent() {
    assertThrows(IllegalArgumentException.class, () -> Links.vlanMessage("eth1.0", 7, 0, 1500));
    assertThrows(IllegalArgumentException.class, () -> Links.vlanMessage("eth1.4095", 7, 4095, 1500));
  }

  @Test
  void macvlanIsBornInTheSandboxWithItsMacAndMode() {
    byte[] actual = Links.macvlanMessage(3, MacvlanMode.PRIVATE, "eth0", "02:42:0a:00:00:05", 1400, 9).build(1, 0);

    ByteBuffer b = header(108, 1);
    ifinfomsg(b);
    string(b, 3, "eth0");
    u32(b, 4, 1400);
    u32(b, 5, 3);
    u32(b, 28, 9); // IFLA_NET_NS_FD
    b.putShort((short) 10).putShort((short) 1).put(new byte[] {2, 0x42, 0x0a, 0, 0, 5}).putShort((short) 0); // IFLA_ADDRESS
    b.putShort((short) 28).putShort((short) 18);
    string(b, 1, "macvlan");
    b.putShort((short) 12).putShort((short) 2);
    u32(b, 1, 1); // IFLA_MACVLAN_MODE = MACVLAN_MODE_PRIVATE
    assertArrayEquals(b.array(), actual);
  }

  @Test
  void ipvlanIsBornInTheSandboxInL2ModeWithoutAMacOfItsOwn() {
    byte[] actual = Links.ipvlanL2Message(3, "eth0", 1500, 9).build(5, 0);

    ByteBuffer b = header(96, 5);
    ifinfomsg(b);
    string(b, 3, "eth0");
    u32(b, 4, 1500);
    u32(b, 5, 3); // IFLA_LINK: the parent
    u32(b, 28, 9); // IFLA_NET_NS_FD
    b.putShort((short) 28).putShort((short) 18); // IFLA_LINKINFO
    string(b, 1, "ipvlan");
    b.putShort((short) 12).putShort((short) 2); // IFLA_INFO_DATA
    b.putShort((short) 6).putShort((short) 1).putShort((short) 0).putShort((short) 0); // IFLA_IPVLAN_MODE = IPVLAN_MODE_L2, padded
    assertArrayEquals(b.array(), actual);
  }

  private static ByteBuffer header(int len, int seq) {
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
    return b.putInt(len).putShort((short) RTM_NEWLINK).putShort((short) NLM_F_CREATE_EXCL).putInt(seq).putInt(0);
  }

  private static void ifinfomsg(ByteBuffer b) {
    b.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(0).putInt(0).putInt(0);
  }

  private static void u32(ByteBuffer b, int type, int value) {
    b.putShort((short) 8).putShort((short) type).putInt(value);
  }

  private static void string(ByteBuffer b, int type, String s) {
    byte[] raw = Arrays.copyOf(s.getBytes(StandardCharsets.US_ASCII), s.length() + 1);
    b.putShort((short) (4 + raw.length)).putShort((short) type).put(raw);
    while ((b.position() & 3) != 0) {
      b.put((byte) 0);
    }
  }
}
