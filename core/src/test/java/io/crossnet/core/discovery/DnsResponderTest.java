package io.crossnet.core.discovery;

import static io.crossnet.core.discovery.DiscoveryFixtures.endpoint;
import static io.crossnet.core.discovery.DiscoveryFixtures.network;
import static io.crossnet.core.discovery.DiscoveryFixtures.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossnet.core.model.Network;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsResponderTest {
  private final DiscoveryRegistry registry = new DiscoveryRegistry();
  private final DnsResponder responder = new DnsResponder(registry);
  private final Network blue = network("blue", null, "10.1.0.0/24", "fd00:1::/64");
  private final Network red = network("red", "red.test", "10.2.0.0/24");
  private Set<String> onBlue;

  @BeforeEach
  void setUp() {
    registry.put(blue, endpoint(blue, "web", List.of("front"), "10.1.0.2", "fd00:1::2"));
    registry.put(blue, endpoint(blue, "v4only", List.of(), "10.1.0.3", null));
    registry.put(red, endpoint(red, "db", List.of(), "10.2.0.5", null));
    onBlue = Set.of(blue.id());
  }

  private Message ask(Set<String> nets, String name, int type) {
    Message q = query(name, type);
    Message r = responder.answer(nets, q).orElseThrow(() -> new AssertionError(name + " was forwarded"));
    assertEquals(q.getHeader().getID(), r.getHeader().getID());
    assertTrue(r.getHeader().getFlag(Flags.QR));
    assertEquals(q.getQuestion(), r.getQuestion());
    return r;
  }

  private static List<String> answers(Message r) {
    List<String> out = new ArrayList<>();
    for (Record rec : r.getSection(Section.ANSWER)) {
      out.add(rec.rdataToString());
    }
    return out;
  }

  @Test
  void answersAAndAaaaWithAShortTtl() {
    Message a = ask(onBlue, "web", Type.A);
    assertEquals(Rcode.NOERROR, a.getRcode());
    assertTrue(a.getHeader().getFlag(Flags.AA));
    assertEquals(List.of("10.1.0.2"), answers(a));
    assertEquals(DnsResponder.DEFAULT_TTL_SECONDS, a.getSection(Section.ANSWER).get(0).getTTL());
    assertEquals(List.of("fd00:1:0:0:0:0:0:2"), answers(ask(onBlue, "FRONT.", Type.AAAA)).stream()
        .map(s -> s.replace("::", ":0:0:0:0:0:")).toList());
  }

  @Test
  void knownNameWithoutAaaaIsNoData() {
    Message r = ask(onBlue, "v4only", Type.AAAA);
    assertEquals(Rcode.NOERROR, r.getRcode());
    assertTrue(r.getSection(Section.ANSWER).isEmpty());
    Message mx = ask(onBlue, "web", Type.MX);
    assertEquals(Rcode.NOERROR, mx.getRcode());
    assertTrue(mx.getSection(Section.ANSWER).isEmpty());
  }

  @Test
  void unknownNameUnderANetworkDomainIsNxdomain() {
    Set<String> onRed = Set.of(red.id());
    assertEquals(List.of("10.2.0.5"), answers(ask(onRed, "db.red.test", Type.A)));
    assertEquals(Rcode.NXDOMAIN, ask(onRed, "ghost.red.test", Type.A).getRcode());
  }

  @Test
  void otherNamesAreForwarded() {
    assertEquals(Optional.empty(), responder.answer(onBlue, query("example.org", Type.A)));
    // a name of a network the sandbox is not on is not answered from the registry
    assertEquals(Optional.empty(), responder.answer(onBlue, query("db", Type.A)));
    assertEquals(Optional.empty(), responder.answer(onBlue, query("db.red.test", Type.A)));
  }

  @Test
  void ptrForKnownAddressesNxdomainInsideSubnetsForwardOutside() throws Exception {
    Message v4 = ask(onBlue, ReverseMap.fromAddress("10.1.0.2").toString(), Type.PTR);
    assertEquals(List.of("web."), answers(v4));
    Message v6 = ask(onBlue, ReverseMap.fromAddress("fd00:1::2").toString(), Type.PTR);
    assertEquals(List.of("web."), answers(v6));
    Message red4 = ask(Set.of(red.id()), ReverseMap.fromAddress("10.2.0.5").toString(), Type.PTR);
    assertEquals(Name.fromString("db.red.test."), ((PTRRecord) red4.getSection(Section.ANSWER).get(0)).getTarget());
    assertEquals(Rcode.NXDOMAIN, ask(onBlue, ReverseMap.fromAddress("10.1.0.200").toString(), Type.PTR).getRcode());
    assertEquals(Optional.empty(), responder.answer(onBlue, query(ReverseMap.fromAddress("192.0.2.1").toString(), Type.PTR)));
    // the address of another network's endpoint is not revealed
    assertEquals(Optional.empty(), responder.answer(onBlue, query(ReverseMap.fromAddress("10.2.0.5").toString(), Type.PTR)));
  }

  @Test
  void sharedAliasRotates() {
    registry.put(blue, endpoint(blue, "a", List.of("svc"), "10.1.0.10", null));
    registry.put(blue, endpoint(blue, "b", List.of("svc"), "10.1.0.11", null));
    registry.put(blue, endpoint(blue, "c", List.of("svc"), "10.1.0.12", null));
    Set<String> firsts = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      List<String> got = answers(ask(onBlue, "svc", Type.A));
      assertEquals(Set.of("10.1.0.10", "10.1.0.11", "10.1.0.12"), Set.copyOf(got));
      assertEquals(3, got.size());
      firsts.add(got.get(0));
    }
    assertEquals(3, firsts.size());
  }

  @Test
  void anyGivesBothFamilies() {
    assertEquals(2, ask(onBlue, "web", Type.ANY).getSection(Section.ANSWER).size());
  }

  @Test
  void ednsIsEchoedAndRdCopied() {
    Message q = query("web", Type.A);
    q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    Message r = responder.answer(onBlue, q).orElseThrow();
    assertNotNull(r.getOPT());
    assertTrue(r.getHeader().getFlag(Flags.RD));
    assertEquals(DnsMessages.EDNS_UDP, DnsMessages.maxUdpSize(q));
    assertEquals(DnsMessages.CLASSIC_UDP, DnsMessages.maxUdpSize(query("web", Type.A)));
  }

  @Test
  void otherClassesAndOpcodesAreRefused() {
    Message chaos = Message.newQuery(Record.newRecord(Name.fromConstantString("version.bind."), Type.TXT, DClass.CH));
    assertEquals(Rcode.REFUSED, responder.answer(onBlue, chaos).orElseThrow().getRcode());
    Message notify = query("web", Type.A);
    notify.getHeader().setOpcode(Opcode.NOTIFY);
    assertEquals(Rcode.NOTIMP, responder.answer(onBlue, notify).orElseThrow().getRcode());
    assertEquals(Rcode.FORMERR, responder.answer(onBlue, new Message()).orElseThrow().getRcode());
  }

  @Test
  void detachedNameIsGoneForTheNextQuery() {
    var ep = endpoint(blue, "temp", List.of(), "10.1.0.50", null);
    registry.put(blue, ep);
    assertEquals(List.of("10.1.0.50"), answers(ask(onBlue, "temp", Type.A)));
    registry.remove(ep);
    assertFalse(responder.answer(onBlue, query("temp", Type.A)).isPresent());
  }
}
