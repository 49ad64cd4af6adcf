package io.crossnet.core.discovery;

import io.crossnet.core.model.IpAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Answers queries about the names of a sandbox's networks from the {@link DiscoveryRegistry},
 * or says they must be forwarded ({@link Optional#empty()}). Pure computation, no I/O: the DNS
 * servers call it on their receive threads.
 *
 * <ul>
 *   <li>A known name without an address of the asked family is NODATA (NOERROR, no answers); an
 *       unknown name under a network's domain, or an unknown address in a network's subnet, is
 *       NXDOMAIN; any other unknown name is forwarded.
 *   <li>When several endpoints share a name, the order of the addresses rotates from one answer
 *       to the next (round robin), so clients that take the first address spread their load.
 *   <li>TTLs are short: a detached endpoint must disappear from caches quickly.
 * </ul>
 */
public final class DnsResponder {
  public static final int DEFAULT_TTL_SECONDS = 5;

  private final DiscoveryRegistry registry;
  private final long ttl;
  private final AtomicInteger rotation = new AtomicInteger();

  public DnsResponder(DiscoveryRegistry registry) {
    this(registry, DEFAULT_TTL_SECONDS);
  }

  public DnsResponder(DiscoveryRegistry registry, int ttlSeconds) {
    if (ttlSeconds < 0) {
      throw new IllegalArgumentException("ttl must not be negative");
    }
    this.registry = registry;
    this.ttl = ttlSeconds;
  }

  /** The answer for a sandbox attached to {@code networkIds}, or empty when the query must be forwarded. */
  public Optional<Message> answer(Collection<String> networkIds, Message query) {
    if (query.getHeader().getOpcode() != Opcode.QUERY) {
      return Optional.of(DnsMessages.error(query, Rcode.NOTIMP));
    }
    Record question = query.getQuestion();
    if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
      return Optional.of(DnsMessages.error(query, Rcode.FORMERR));
    }
    if (question.getDClass() != DClass.IN) {
      // CHAOS and other classes have nothing to do with container names; upstreams need not see them
      return Optional.of(DnsMessages.error(query, Rcode.REFUSED));
    }
    Name qname = question.getName();
    int type = question.getType();
    if (type == Type.PTR) {
      IpAddress address = ReverseNames.address(qname);
      if (address != null) {
        return reverse(networkIds, query, qname, address);
      }
    }
    String name = qname.toString(true);
    Family family = switch (type) {
      case Type.A -> Family.V4;
      case Type.AAAA -> Family.V6;
      case Type.ANY -> Family.ANY;
      default -> null;
    };
    Lookup found = registry.lookup(networkIds, name, family == null ? Family.ANY : family);
    if (!found.known()) {
      if (registry.owns(networkIds, name)) {
        return Optional.of(authoritative(query, Rcode.NXDOMAIN));
      }
      return Optional.empty();
    }
    Message r = authoritative(query, Rcode.NOERROR);
    if (family != null) {
      List<IpAddress> addresses = found.addresses();
      int n = addresses.size();
      int start = n > 1 ? Math.floorMod(rotation.getAndIncrement(), n) : 0;
      for (int i = 0; i < n; i++) {
        r.addRecord(addressRecord(qname, addresses.get((start + i) % n)), Section.ANSWER);
      }
    }
    return Optional.of(r);
  }

  private Optional<Message> reverse(Collection<String> networkIds, Message query, Name qname, IpAddress address) {
    Optional<String> host = registry.reverse(networkIds, address);
    if (host.isPresent()) {
      Name target;
      try {
        target = Name.fromString(host.get(), Name.root);
      } catch (TextParseException e) {
        // names are validated on attach; one that still does not parse is simply not answered
        return Optional.of(authoritative(query, Rcode.NXDOMAIN));
      }
      Message r = authoritative(query, Rcode.NOERROR);
      r.addRecord(new PTRRecord(qname, DClass.IN, ttl, target), Section.ANSWER);
      return Optional.of(r);
    }
    if (registry.covers(networkIds, address)) {
      // a private address of an attached network: upstreams cannot know it and need not learn of it
      return Optional.of(authoritative(query, Rcode.NXDOMAIN));
    }
    return Optional.empty();
  }

  private static Message authoritative(Message query, int rcode) {
    Message r = DnsMessages.reply(query);
    r.getHeader().setFlag(Flags.AA);
    r.getHeader().setRcode(rcode);
    return r;
  }

  private Record addressRecord(Name name, IpAddress a) {
    try {
      if (a.isV4()) {
        return new ARecord(name, DClass.IN, ttl, (Inet4Address) InetAddress.getByAddress(a.toBytes()));
      }
      // Inet6Address.getByAddress keeps v4-mapped addresses as IPv6 (InetAddress would turn them into IPv4)
      return new AAAARecord(name, DClass.IN, ttl, Inet6Address.getByAddress(null, a.toBytes(), -1));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("address of wrong length: " + a, e);
    }
  }
}
