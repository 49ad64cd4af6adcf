package io.crossnet.linux.driver;

import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Network;
import io.crossnet.linux.ns.NetNs;
import java.util.List;

/**
 * host networks: the sandbox uses the host's own network stack, so an endpoint is a record and
 * nothing more. Its sandbox must be the host namespace itself; any other would be a container
 * left with no network while the API said it was on the host's.
 */
public final class HostDriver implements Driver {
  private final NetNs hostNs;

  public HostDriver(NetNs hostNs) {
    this.hostNs = hostNs;
  }

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
    if (!NetNs.at(endpoint.sandbox().path()).sameAs(hostNs)) {
      throw new InvalidRequest("sandbox", "a host network's sandbox shares the host's network namespace"
          + (hostNs.isCurrent() ? " (the one crossnet runs in, such as /proc/1/ns/net)" : " (" + hostNs.path() + ")") + "; " + endpoint.sandbox().path() + " is another one");
    }
  }

  @Override
  public void detach(Network network, Endpoint endpoint) {}

  @Override
  public boolean repair(Network network) {
    return false;
  }

  @Override
  public boolean repair(Network network, Endpoint endpoint) {
    return false;
  }
}
