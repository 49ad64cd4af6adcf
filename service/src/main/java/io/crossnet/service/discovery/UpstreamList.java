package io.crossnet.service.discovery;

import io.crossnet.core.discovery.Forwarder;
import io.crossnet.core.model.IpAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Parses {@code crossnet.dns.upstreams}: IP literals only, so configuring it never resolves a name. */
public final class UpstreamList {
  private UpstreamList() {}

  public static List<InetSocketAddress> parse(List<String> items) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String item : items) {
      out.add(parse(item.trim()));
    }
    return List.copyOf(out);
  }

  private static InetSocketAddress parse(String item) {
    String host = item;
    int port = 53;
    if (item.startsWith("[")) {
      int end = item.indexOf(']');
      if (end < 0) {
        throw bad(item);
      }
      host = item.substring(1, end);
      if (end + 1 < item.length()) {
        port = port(item, item.substring(end + 1));
      }
    } else if (item.indexOf(':') == item.lastIndexOf(':') && item.indexOf(':') > 0) {
      host = item.substring(0, item.indexOf(':'));
      port = port(item, item.substring(item.indexOf(':')));
    }
    IpAddress ip = IpAddress.tryParse(host);
    if (ip == null || Forwarder.isSelf(ip)) {
      throw bad(item);
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip.toBytes()), port);
    } catch (UnknownHostException e) {
      throw bad(item);
    }
  }

  private static int port(String item, String colonPort) {
    if (!colonPort.matches(":[0-9]{1,5}")) {
      throw bad(item);
    }
    int port = Integer.parseInt(colonPort.substring(1));
    if (port < 1 || port > 65535) {
      throw bad(item);
    }
    return port;
  }

  private static IllegalArgumentException bad(String item) {
    return new IllegalArgumentException("crossnet.dns.upstreams: '" + item
        + "' is not ip, ip:port or [ipv6]:port (and not 127.0.0.11, crossnet's own resolver)");
  }
}
