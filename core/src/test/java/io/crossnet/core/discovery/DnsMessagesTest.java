package io.crossnet.core.discovery;

import static io.crossnet.core.discovery.DiscoveryFixtures.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsMessagesTest {
  @Test
  void largeUdpAnswersAreTruncatedWithTc() throws Exception {
    Message q = query("many.example", Type.A);
    Message r = DnsMessages.reply(q);
    for (int i = 0; i < 60; i++) {
      r.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 5, InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) i})),
          Section.ANSWER);
    }
    byte[] wire = DnsMessages.udpWire(q, r);
    assertTrue(wire.length <= DnsMessages.CLASSIC_UDP);
    Message parsed = new Message(wire);
    assertTrue(parsed.getHeader().getFlag(Flags.TC));
    assertEquals(q.getHeader().getID(), parsed.getHeader().getID());
  }

  @Test
  void formErrKeepsTheIdAndNeverAnswersResponses() {
    Message f = DnsMessages.formErr(new byte[] {0x12, 0x34, 0x01, 0, 0, 9, 0, 0, 0, 0, 0, 0, 1});
    assertEquals(0x1234, f.getHeader().getID());
    assertEquals(Rcode.FORMERR, f.getRcode());
    assertNull(DnsMessages.formErr(new byte[] {1, 2, 3}));
    assertNull(DnsMessages.formErr(new byte[] {0x12, 0x34, (byte) 0x81, 0, 0, 9, 0, 0, 0, 0, 0, 0}));
  }
}
