package io.crossnet.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.crossnet.core.model.Ids;
import io.crossnet.linux.ns.NetNs;
import io.crossnet.linux.testing.Privileged;
import io.crossnet.linux.testing.TestNetns;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LinkWatch} against the kernel, with links made by {@code ip}: which changes it reports
 * and with which owner. "Nothing reported" is shown by order: a foreign change is made first,
 * then a reported one, and the first report must be the second's.
 */
@Privileged
class LinkWatchTest {
  private static final long WAIT_SECONDS = 20;
  private final LinkedBlockingQueue<Optional<String>> reports = new LinkedBlockingQueue<>();
  private TestNetns ns;
  private LinkWatch watch;

  @BeforeEach
  void start() {
    ns = TestNetns.create("cn-watch");
    watch = LinkWatch.start(NetNs.at(ns.path()), owner -> reports.add(Optional.ofNullable(owner)));
  }

  @AfterEach
  void stop() {
    try {
      if (watch != null) {
        watch.close();
      }
    } finally {
      ns.close();
    }
  }

  private String nextReport() throws InterruptedException {
    Optional<String> r = reports.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no report within " + WAIT_SECONDS + " s");
    }
    return r.orElse("(lost events)");
  }

  private static String name(String prefix) {
    return (prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 62)).substring(0, 15);
  }

  private void markedBridge(String name, String owner) {
    ns.sh("ip", "link", "add", name, "type", "bridge");
    ns.sh("ip", "link", "set", name, "alias", "crossnet:" + owner);
  }

  /** A marked bridge made, brought up and taken down again (a report); returns its owner. */
  private String markedBridgeUpThenDown() {
    String owner = Ids.newId();
    String bridge = name("cn");
    markedBridge(bridge, owner);
    ns.sh("ip", "link", "set", bridge, "up");
    ns.sh("ip", "link", "set", bridge, "down");
    return owner;
  }

  @Test
  void aMarkedLinkDeletedByHandIsReportedWithItsOwnerAndForeignOnesAreNot() throws Exception {
    String owner = Ids.newId();
    String foreign = name("br");
    ns.sh("ip", "link", "add", foreign, "type", "bridge");
    ns.sh("ip", "link", "set", foreign, "alias", "someone else's");
    String bridge = name("cn");
    markedBridge(bridge, owner);
    ns.sh("ip", "link", "set", bridge, "up");
    ns.sh("ip", "link", "del", foreign);
    ns.sh("ip", "link", "del", bridge);
    // created, marked and brought up were no reason to report; only the deletion was
    assertEquals(owner, nextReport());
  }

  @Test
  void aMarkedBridgeGoingDownIsReportedAndGoingUpIsNot() throws Exception {
    String owner = markedBridgeUpThenDown();
    assertEquals(owner, nextReport());
  }

  @Test
  void anUnmarkedCnLinkIsReportedByTheIdDigitsInItsName() throws Exception {
    String digits = Ids.newId().substring(0, 13);
    ns.sh("ip", "link", "add", "cnprobe1", "type", "bridge");
    ns.sh("ip", "link", "del", "cnprobe1"); // a cn name without 13 hex digits: not crossnet's naming
    ns.sh("ip", "link", "add", "cn" + digits, "type", "bridge");
    ns.sh("ip", "link", "del", "cn" + digits);
    assertEquals(digits, nextReport());
  }

  @Test
  void aVethThatGoesWithItsPeersNamespaceIsReported() throws Exception {
    String owner = Ids.newId();
    String veth = "cn" + owner.substring(0, 13);
    try (TestNetns sandbox = TestNetns.create("cn-watch-sb")) {
      ns.sh("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", sandbox.name());
      ns.sh("ip", "link", "set", veth, "alias", "crossnet:" + owner);
    } // the sandbox goes, and its end of the pair takes ours along
    assertEquals(owner, nextReport());
  }

  @Test
  void aMarkedPortDeletedFromItsBridgeIsReportedOnceWithItsOwner() throws Exception {
    String owner = Ids.newId();
    String bridge = name("br");
    String veth = "cn" + owner.substring(0, 13);
    ns.sh("ip", "link", "add", bridge, "type", "bridge");
    ns.sh("ip", "link", "set", bridge, "up");
    ns.sh("ip", "link", "add", veth, "type", "veth", "peer", "name", name("pe"));
    ns.sh("ip", "link", "set", veth, "alias", "crossnet:" + owner, "master", bridge, "up");
    ns.sh("ip", "link", "del", veth);
    String sentinel = markedBridgeUpThenDown();
    // the port's AF_BRIDGE message (no mark, a cn name) was not read as an unmarked link
    assertEquals(owner, nextReport());
    assertEquals(sentinel, nextReport());
  }

  @Test
  void closingStopsTheReader() {
    watch.close();
    watch = null;
    assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("crossnet-link-watch")),
        "a watch thread outlived close");
  }
}
