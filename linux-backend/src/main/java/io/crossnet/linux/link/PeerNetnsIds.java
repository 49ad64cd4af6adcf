package io.crossnet.linux.link;

import io.crossnet.linux.netlink.MessageBuilder;
import io.crossnet.linux.netlink.Netlink;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ids a namespace gives the namespaces of its veths' peers, chosen here rather than by the
 * kernel. Every notification about a host end names its peer's namespace by that id
 * ({@code IFLA_LINK_NETNSID}), and the kernel finds the id by walking the host's ids upwards
 * ({@code __peernet2id}), one entry per sandbox that has one: six walks per attach, the largest
 * part of the attach cost's growth with the sandboxes (docs/performance.md, finding 16). The
 * kernel gives the lowest free id, which puts the newest sandbox last in those walks; these count
 * down from the top, which puts it first.
 */
final class PeerNetnsIds {
  static final int NETNSA_NSID = 1;
  static final int NETNSA_FD = 3;

  private static final AtomicInteger NEXT = new AtomicInteger(Integer.MAX_VALUE);

  private PeerNetnsIds() {}

  /**
   * The request giving the namespace open at {@code nsFd} the next id. The kernel refuses it with
   * EEXIST when that namespace has an id already, or when the id is taken (after a restart, ids
   * the previous run gave are still held until their sandboxes go); either way the kernel then
   * picks the id itself as it always did, so a refusal needs no handling.
   */
  static MessageBuilder giveNext(int nsFd) {
    int id = NEXT.getAndUpdate(i -> i > 0 ? i - 1 : Integer.MAX_VALUE);
    return new MessageBuilder(Netlink.RTM_NEWNSID, 0)
        .rtgenmsg(Netlink.AF_UNSPEC)
        .u32(NETNSA_NSID, id)
        .u32(NETNSA_FD, nsFd);
  }
}
