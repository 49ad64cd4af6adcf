package io.crossnet.core.discovery;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Building replies that mirror a query (id, question, RD, EDNS), and UDP size rules. */
public final class DnsMessages {
  /** Without EDNS a UDP answer must fit 512 bytes (RFC 1035). */
  public static final int CLASSIC_UDP = 512;

  /** The payload size crossnet advertises and accepts at most: the DNS flag day 2020 value, no fragments. */
  public static final int EDNS_UDP = 1232;

  private DnsMessages() {}

  /** An empty NOERROR reply to {@code query}: same id and question, RD copied, RA set, OPT echoed. */
  public static Message reply(Message query) {
    Header qh = query.getHeader();
    Message r = new Message(qh.getID());
    Header h = r.getHeader();
    h.setFlag(Flags.QR);
    h.setOpcode(qh.getOpcode());
    if (qh.getFlag(Flags.RD)) {
      h.setFlag(Flags.RD);
    }
    // recursion is available: every name crossnet does not know is forwarded
    h.setFlag(Flags.RA);
    Record q = query.getQuestion();
    if (q != null) {
      r.addRecord(q, Section.QUESTION);
    }
    if (query.getOPT() != null) {
      r.addRecord(new OPTRecord(EDNS_UDP, 0, 0), Section.ADDITIONAL);
    }
    return r;
  }

  /** A reply carrying only an error code. */
  public static Message error(Message query, int rcode) {
    Message r = reply(query);
    r.getHeader().setRcode(rcode);
    return r;
  }

  /**
   * FORMERR for bytes that did not parse, or null when they are too short to carry an id (RFC 1035
   * has nothing to answer then; silence also keeps garbage from being reflected).
   */
  public static Message formErr(byte[] wire) {
    if (wire.length < Header.LENGTH) {
      return null;
    }
    // a packet that claims to be a response is never answered: two resolvers would loop
    if ((wire[2] & 0x80) != 0) {
      return null;
    }
    Message r = new Message(((wire[0] & 0xff) << 8) | (wire[1] & 0xff));
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setOpcode(Opcode.QUERY);
    r.getHeader().setRcode(Rcode.FORMERR);
    return r;
  }

  /** How large a UDP answer to {@code query} may be: 512, or the EDNS size it offers, capped. */
  public static int maxUdpSize(Message query) {
    OPTRecord opt = query.getOPT();
    if (opt == null) {
      return CLASSIC_UDP;
    }
    return Math.max(CLASSIC_UDP, Math.min(opt.getPayloadSize(), EDNS_UDP));
  }

  /** The bytes of an answer sent over UDP: truncated with TC set when larger than the client allows. */
  public static byte[] udpWire(Message query, Message answer) {
    return answer.toWire(maxUdpSize(query));
  }
}
