package io.crossnet.linux;

import io.crossnet.core.backend.NetworkBackend;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.linux.link.Link;
import io.crossnet.linux.nat.NatNames;
import io.crossnet.linux.netlink.Netlink;
import io.crossnet.linux.netlink.NetlinkEvents;
import io.crossnet.linux.netlink.NetlinkMessage;
import io.crossnet.linux.ns.NetNs;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Listens to the host namespace's link events (RTMGRP_LINK) and reports the owner of each
 * crossnet link that is deleted, or of a crossnet bridge that goes down: the id in its
 * {@code crossnet:} alias, or, for a {@code cn} link without one, the 13 hex digits of its name.
 * Lost events are reported as a null owner. Everything else (links created, carrier changes,
 * other people's links) is ignored, and what the report leads to is the receiver's business:
 * this thread only parses and hands over.
 *
 * <p>The socket is opened inside the namespace and read from a platform thread of its own that
 * never enters any namespace.
 */
public final class LinkWatch implements NetworkBackend.Watch {
  private static final System.Logger LOG = System.getLogger(LinkWatch.class.getName());
  private static final int POLL_MILLIS = 500;
  private static final Pattern UNMARKED_NAME = Pattern.compile("cn([0-9a-f]{13})");

  private final NetlinkEvents events;
  private final Consumer<String> changed;
  private final Thread reader;
  private volatile boolean closed;

  private LinkWatch(NetlinkEvents events, Consumer<String> changed, String where) {
    this.events = events;
    this.changed = changed;
    this.reader = new Thread(this::read, "crossnet-link-watch " + where);
    reader.setDaemon(true);
  }

  public static LinkWatch start(NetNs ns, Consumer<String> changed) {
    NetlinkEvents events = ns.run(() -> NetlinkEvents.open(NetlinkEvents.RTMGRP_LINK, POLL_MILLIS));
    try {
      events.dropLinksUpAndBridgePorts(); // ownerOf ignores them all
    } catch (RuntimeException e) {
      events.close();
      throw e;
    }
    LinkWatch w = new LinkWatch(events, changed, ns.toString());
    w.reader.start();
    return w;
  }

  private void read() {
    try {
      while (!closed) {
        try {
          for (NetlinkMessage m : events.receive()) {
            String owner = ownerOf(m);
            if (owner != null) {
              tell(owner);
            }
          }
        } catch (BackendFailure e) {
          if (!"ENOBUFS".equals(e.code())) {
            throw e;
          }
          tell(null);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "link watch stopped; repairs wait for the periodic reconcile", e);
    } finally {
      events.close();
    }
  }

  private void tell(String owner) {
    try {
      changed.accept(owner);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "link watch receiver failed on owner " + owner, e);
    }
  }

  /** The owner to report for this message, or null when it is not worth a report. */
  static String ownerOf(NetlinkMessage m) {
    if (m.type() != Netlink.RTM_DELLINK && m.type() != Netlink.RTM_NEWLINK) {
      return null;
    }
    if (m.u8(0) == Netlink.AF_BRIDGE) {
      // a bridge port's state: its link's own message reports the same change, with the link's
      // mark, which this one lacks; read by its name alone it would send every detach to
      // QuickReconcile's scan of all endpoints for an unmarked link
      return null;
    }
    Link l = Link.of(m);
    String owner = NatNames.owner(l.alias());
    if (m.type() == Netlink.RTM_NEWLINK) {
      // a change, not a deletion: only a marked bridge that is down means crossnet lost something
      return owner != null && "bridge".equals(l.kind()) && !l.isUp() ? owner : null;
    }
    if (owner != null) {
      return owner;
    }
    var unmarked = l.name() == null ? null : UNMARKED_NAME.matcher(l.name());
    return unmarked != null && unmarked.matches() ? unmarked.group(1) : null;
  }

  /** Stops the reader (within its poll interval) and closes the socket. */
  @Override
  public void close() {
    closed = true;
    if (Thread.currentThread() != reader) {
      try {
        reader.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
