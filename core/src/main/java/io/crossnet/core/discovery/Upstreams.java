package io.crossnet.core.discovery;

import io.crossnet.core.model.IpAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The host's upstream resolvers, read from its resolv.conf. When that names only systemd-resolved's
 * stub (127.0.0.53), the real upstreams come from systemd's own list instead: crossnet then talks
 * to them directly, like the stub would. The files are re-read when their modification time
 * changes (checked at most once a second), so a DHCP renewal reaches the sandboxes.
 */
public final class Upstreams {
  public static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
  public static final Path SYSTEMD_RESOLV_CONF = Path.of("/run/systemd/resolve/resolv.conf");
  static final IpAddress SYSTEMD_STUB = IpAddress.tryParse("127.0.0.53");
  private static final long RECHECK_NANOS = 1_000_000_000L;

  private record Loaded(FileTime main, FileTime systemd, ResolvConf conf, List<InetSocketAddress> servers) {}

  private final Path resolvConf;
  private final Path systemdResolvConf;
  private volatile Loaded loaded;
  private volatile long checkedAt;

  public Upstreams() {
    this(HOST_RESOLV_CONF, SYSTEMD_RESOLV_CONF);
  }

  /** Paths are parameters so that tests read files of their own. */
  public Upstreams(Path resolvConf, Path systemdResolvConf) {
    this.resolvConf = resolvConf;
    this.systemdResolvConf = systemdResolvConf;
  }

  /** The upstream servers (port 53), without crossnet's own address; empty when there are none. */
  public List<InetSocketAddress> servers() {
    return current().servers();
  }

  /** The host's resolver configuration actually in effect (systemd's when the stub is named). */
  public ResolvConf conf() {
    return current().conf();
  }

  private Loaded current() {
    long now = System.nanoTime();
    Loaded l = loaded;
    if (l != null && now - checkedAt < RECHECK_NANOS) {
      return l;
    }
    synchronized (this) {
      l = loaded;
      FileTime main = mtime(resolvConf);
      FileTime systemd = mtime(systemdResolvConf);
      if (l == null || !Objects.equals(l.main(), main) || !Objects.equals(l.systemd(), systemd)) {
        ResolvConf conf = effective(read(resolvConf), read(systemdResolvConf));
        l = new Loaded(main, systemd, conf, addresses(conf.nameservers()));
        loaded = l;
      }
      checkedAt = now;
      return l;
    }
  }

  /** The configuration to use: {@code main}, or {@code systemd}'s when main names only the stub. */
  static ResolvConf effective(String main, String systemd) {
    ResolvConf m = ResolvConf.parse(main);
    boolean onlyStub = !m.nameservers().isEmpty()
        && m.nameservers().stream().allMatch(s -> SYSTEMD_STUB.equals(IpAddress.tryParse(s)));
    if (onlyStub && !systemd.isEmpty()) {
      ResolvConf s = ResolvConf.parse(systemd);
      // keep the search domains and options of the file the host's own programs read
      return new ResolvConf(s.nameservers(), m.search(), m.options());
    }
    return m;
  }

  /**
   * The servers as socket addresses, port 53. Only IP literals count (a zone suffix such as
   * {@code %eth0} is honoured for link-local IPv6); no name is ever resolved here. crossnet's
   * own 127.0.0.11 is left out, since forwarding to it would loop.
   */
  public static List<InetSocketAddress> addresses(List<String> nameservers) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String s : nameservers) {
      InetAddress a = literal(s);
      if (a != null && !Forwarder.isSelf(a)) {
        out.add(new InetSocketAddress(a, 53));
      }
    }
    return List.copyOf(out);
  }

  private static InetAddress literal(String s) {
    int pct = s.indexOf('%');
    IpAddress ip = IpAddress.tryParse(pct < 0 ? s : s.substring(0, pct));
    if (ip == null) {
      return null;
    }
    try {
      if (pct >= 0 && !ip.isV4()) {
        // a literal with a scope: getByName parses it without any lookup, and resolves the zone
        return InetAddress.getByName(ip + s.substring(pct));
      }
      return InetAddress.getByAddress(ip.toBytes());
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static FileTime mtime(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return null;
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      // an unreadable file is treated as an empty one; the forwarder then answers SERVFAIL
      return "";
    }
  }
}
