package io.crossnet.linux.driver;

import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.linux.link.Links;
import io.crossnet.linux.netlink.NetlinkSocket;
import io.crossnet.linux.ns.NetNs;
import java.util.List;

/**
 * none networks: the sandbox gets its loopback up and nothing else, like Docker's
 * {@code --network none}. Detach leaves the loopback alone: it is the sandbox's own.
 */
public final class NoneDriver implements Driver {
  @Override
  public void validate(Network network, FieldErrors errors) {}

  @Override
  public List<String> plan(Network network) {
    return List.of();
  }

  @Override
  public List<String> plan(Endpoint endpoint) {
    return List.of();
  }

  @Override
  public void createNetwork(Network network) {}

  @Override
  public void deleteNetwork(Network network) {}

  @Override
  public void attach(Network network, Endpoint endpoint) {
    try (NetlinkSocket inside = NetNs.at(endpoint.sandbox().path()).run(NetlinkSocket::open)) {
      new Links(inside).setUp("lo");
    }
  }

  @Override
  public void detach(Network network, Endpoint endpoint) {}

  @Override
  public boolean repair(Network network) {
    return false;
  }

  /** Brings the loopback back up when someone took it down. */
  @Override
  public boolean repair(Network network, Endpoint endpoint) {
    try (NetlinkSocket inside = NetNs.at(endpoint.sandbox().path()).run(NetlinkSocket::open)) {
      Links links = new Links(inside);
      if (links.require("lo").isUp()) {
        return false;
      }
      links.setUp("lo");
      return true;
    }
  }
}
