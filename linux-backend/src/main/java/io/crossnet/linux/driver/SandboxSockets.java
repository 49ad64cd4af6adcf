package io.crossnet.linux.driver;

import io.crossnet.linux.dns.DnsServers;
import io.crossnet.linux.dns.SandboxDnsServer;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.ns.NetNs;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * What an attach opens inside the sandbox, in one namespace entry: the sandbox's netlink socket
 * and, when the sandbox has no resolver yet, the sockets of its DNS server. The entry is started
 * before the caller creates the endpoint's link and awaited after, so the worker's hand-off and
 * the socket work overlap the kernel's link creation instead of following it.
 */
public final class SandboxSockets implements AutoCloseable {
  private final NetNs sandbox;
  private final NetlinkSocket netlink;
  private SandboxDnsServer.Sockets dns;

  private SandboxSockets(NetNs sandbox, NetlinkSocket netlink, SandboxDnsServer.Sockets dns) {
    this.sandbox = sandbox;
    this.netlink = netlink;
    this.dns = dns;
  }

  /**
   * Starts opening the sockets in {@code sandbox}; {@code dns} null (resolver off) opens the
   * netlink socket only. A DNS port that cannot be bound (someone else's resolver there) is not
   * this attach's failure: the sandbox is then left to discovery, which reports it.
   */
  public static CompletableFuture<SandboxSockets> open(NetNs sandbox, DnsServers dns) {
    boolean wantDns = dns != null && !dns.serves(sandbox.path());
    return sandbox.submit(() -> {
      NetlinkSocket nl = NetlinkSocket.open();
      SandboxDnsServer.Sockets bound = null;
      if (wantDns) {
        try {
          // the resolver's address lives on lo: a UDP socket bound while lo is down answers from
          // 127.0.0.1, and resolvers (glibc, dig) drop an answer from an address they did not ask
          new Links(nl).setUp("lo");
          bound = dns.bindHere();
        } catch (IOException | RuntimeException e) {
          bound = null;
        }
      }
      return new SandboxSockets(sandbox, nl, bound);
    });
  }

  /** Waits for {@link #open}; its failure is thrown as {@link NetNs#run} throws it. */
  public static SandboxSockets await(NetNs sandbox, CompletableFuture<SandboxSockets> opening) {
    return sandbox.join(opening);
  }

  /** Waits for {@link #open} and closes what it opened, for an attach that failed before using it. */
  public static void discard(NetNs sandbox, CompletableFuture<SandboxSockets> opening) {
    try {
      await(sandbox, opening).close();
    } catch (RuntimeException e) {
      // nothing was opened, or it is closed now: either way nothing is left behind
    }
  }

  /** The sandbox's netlink socket, usable from any thread. */
  public NetlinkSocket netlink() {
    return netlink;
  }

  /** Hands the DNS sockets, if any were bound, to {@code servers}, which serves them from now on. */
  public void serveDns(DnsServers servers) {
    if (dns != null) {
      servers.adopt(sandbox.path(), dns);
      dns = null;
    }
  }

  /** Closes the netlink socket, and the DNS sockets unless they were handed over. */
  @Override
  public void close() {
    netlink.close();
    if (dns != null) {
      dns.close();
      dns = null;
    }
  }
}
