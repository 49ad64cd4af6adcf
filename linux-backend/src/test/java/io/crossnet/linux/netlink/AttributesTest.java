package io.crossnet.linux.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Attributes read in place: values, nesting, a type sent twice, and a malformed tail. */
class AttributesTest {
  private static Attributes parse(MessageBuilder m) {
    byte[] wire = m.build(1, 0);
    return NetlinkMessage.parse(wire, wire.length).get(0).attributes(IfLink.IFINFOMSG_LEN);
  }

  @Test
  void readsEachKindOfValueAndNestedAttributes() {
    Attributes a = parse(new MessageBuilder(Netlink.RTM_NEWLINK, 0)
        .ifinfomsg(Netlink.AF_UNSPEC, 7, 0, 0)
        .string(IfLink.IFLA_IFNAME, "cn0123456789a")
        .u32(IfLink.IFLA_MTU, 1500)
        .bytes(IfLink.IFLA_ADDRESS, new byte[] {2, 0x42, 10, 0, 0, 5})
        .u8(IfLink.IFLA_OPERSTATE, 6)
        .begin(IfLink.IFLA_LINKINFO).string(IfLink.IFLA_INFO_KIND, "veth").end());
    assertEquals("cn0123456789a", a.string(IfLink.IFLA_IFNAME));
    assertEquals(1500, a.u32(IfLink.IFLA_MTU, 0));
    assertArrayEquals(new byte[] {2, 0x42, 10, 0, 0, 5}, a.bytes(IfLink.IFLA_ADDRESS));
    assertEquals(6, a.u8(IfLink.IFLA_OPERSTATE, 0));
    assertEquals("veth", a.nested(IfLink.IFLA_LINKINFO).string(IfLink.IFLA_INFO_KIND));
    assertEquals(12, a.raw(IfLink.IFLA_LINKINFO).remaining()); // one header, and "veth\0" padded to 8
    assertTrue(a.has(IfLink.IFLA_MTU));
    assertFalse(a.has(IfLink.IFLA_MASTER));
    assertNull(a.string(IfLink.IFLA_IFALIAS));
    assertNull(a.raw(IfLink.IFLA_MASTER));
    assertEquals(-1, a.u32(IfLink.IFLA_MASTER, -1));
    assertFalse(a.nested(IfLink.IFLA_MASTER).has(IfLink.IFLA_INFO_KIND));
  }

  @Test
  void aTypeSentTwiceReadsAsItsLastAndAShortValueAsAbsent() {
    Attributes a = parse(new MessageBuilder(Netlink.RTM_NEWLINK, 0)
        .ifinfomsg(Netlink.AF_UNSPEC, 7, 0, 0)
        .u32(IfLink.IFLA_MTU, 1400)
        .u32(IfLink.IFLA_MTU, 9000)
        .u8(IfLink.IFLA_MASTER, 3));
    assertEquals(9000, a.u32(IfLink.IFLA_MTU, 0));
    assertEquals(-1, a.u32(IfLink.IFLA_MASTER, -1));
  }

  @Test
  void aMalformedTailIsIgnored() {
    ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
    b.putShort((short) 8).putShort((short) IfLink.IFLA_MTU).putInt(1280); // well-formed
    b.putShort((short) 40).putShort((short) IfLink.IFLA_MASTER).putInt(5); // claims more than is there
    Attributes a = Attributes.parse(b.flip());
    assertEquals(1280, a.u32(IfLink.IFLA_MTU, 0));
    assertFalse(a.has(IfLink.IFLA_MASTER));
  }
}
