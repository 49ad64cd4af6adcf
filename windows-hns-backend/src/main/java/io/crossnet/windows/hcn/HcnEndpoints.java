package io.crossnet.windows.hcn;

import java.util.UUID;

/** HCN endpoints: {@code HcnCreateEndpoint}, which needs its network open, and the shared calls. */
public final class HcnEndpoints extends HcnObjects {
  private final ComputeNetwork lib;
  private final HcnNetworks networks;

  HcnEndpoints(ComputeNetwork lib, HcnCall calls, HcnNetworks networks) {
    super(calls, "Endpoint", lib::HcnEnumerateEndpoints, lib::HcnOpenEndpoint, lib::HcnModifyEndpoint,
        lib::HcnQueryEndpointProperties, lib::HcnDeleteEndpoint, lib::HcnCloseEndpoint);
    this.lib = lib;
    this.networks = networks;
  }

  /**
   * {@code HcnOpenNetwork} → {@code HcnCreateEndpoint} → {@code HcnQueryEndpointProperties} →
   * {@code HcnCloseEndpoint} → {@code HcnCloseNetwork}: creates the endpoint {@code id} on
   * {@code network} and returns it as HNS reports it.
   */
  public String create(UUID network, UUID id, String settings, String query) {
    return networks.withOpen(network, n -> closing(
        handle("HcnCreateEndpoint", (out, rec) -> lib.HcnCreateEndpoint(n, Guid.of(id), Utf16.of(settings), out, rec)),
        e -> properties(e, query)));
  }
}
