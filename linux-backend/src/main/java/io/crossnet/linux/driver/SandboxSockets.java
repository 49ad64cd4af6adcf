package io.crossnet.linux.driver;

import io.crossnet.linux.dns.DnsServers;
import io.crossnet.linux.dns.SandboxDnsServer;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.sys.Ipv6Conf;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * What an attach opens inside the sandbox, in one namespace entry: the sandbox's netlink socket,
 * its IPv6 settings directory ({@link Ipv6Conf}) and, when the sandbox has no resolver yet, the
 * sockets of its DNS server. The entry is started before the caller creates the endpoint's link
 * and awaited after, so the worker's hand-off and the socket work overlap the kernel's link
 * creation instead of following it.
 *
 * <p>The DNS sockets are made there but bound only in {@link #serveDns}, after the caller's setup
 * batch brought {@code lo} up: a bind before that would answer from the wrong address (see
 * {@link SandboxDnsServer}), and bringing {@code lo} up here took the rtnl lock a second time,
 * while the caller held it making the pair, so the worker spun on it.
 */
public final class SandboxSockets implements AutoCloseable {
  private final NetNs sandbox;
  private final NetlinkSocket netlink;
  private final Ipv6Conf ipv6;
  private SandboxDnsServer.Sockets dns;

  private SandboxSockets(NetNs sandbox, NetlinkSocket netlink, Ipv6Conf ipv6, SandboxDnsServer.Sockets dns) {
    this.sandbox = sandbox;
    this.netlink = netlink;
    this.ipv6 = ipv6;
    this.dns = dns;
  }

  /**
   * Starts opening the sockets in {@code sandbox}; {@code dns} null (resolver off) opens the
   * netlink socket only.
   */
  public static CompletableFuture<SandboxSockets> open(NetNs sandbox, DnsServers dns) {
    boolean wantDns = dns != null && !dns.serves(sandbox.path());
    return sandbox.submit(() -> {
      NetlinkSocket nl = NetlinkSocket.open();
      Ipv6Conf ipv6;
      try {
        ipv6 = Ipv6Conf.openHere(sandbox.toString());
      } catch (RuntimeException e) {
        nl.close();
        throw e;
      }
      SandboxDnsServer.Sockets opened = null;
      if (wantDns) {
        try {
          opened = dns.openHere();
        } catch (IOException | RuntimeException e) {
          opened = null;
        }
      }
      return new SandboxSockets(sandbox, nl, ipv6, opened);
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

  /** The sandbox's IPv6 settings, usable from any thread. */
  public Ipv6Conf ipv6() {
    return ipv6;
  }

  /**
   * Binds the DNS sockets, if any were made, and hands them to {@code servers}, which serves them
   * from now on; call it once {@code lo} is up. A port that cannot be bound (someone else's
   * resolver there) is not this attach's failure: the sandbox is then left to discovery, which
   * reports it.
   */
  public void serveDns(DnsServers servers) {
    if (dns != null) {
      SandboxDnsServer.Sockets opened = dns;
      dns = null;
      try {
        servers.bindAndAdopt(sandbox.path(), opened);
      } catch (IOException | RuntimeException e) {
        // bindAndAdopt closed them
      }
    }
  }

  /** Closes the netlink socket and the directory, and the DNS sockets unless they were handed over. */
  @Override
  public void close() {
    netlink.close();
    ipv6.close();
    if (dns != null) {
      dns.close();
      dns = null;
    }
  }
}
