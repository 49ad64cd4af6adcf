package io.crossnet.windows.hcn;

import java.util.UUID;

/** HCN networks: {@code HcnCreateNetwork} and the calls shared by every kind. */
public final class HcnNetworks extends HcnObjects {
  private final ComputeNetwork lib;

  HcnNetworks(ComputeNetwork lib, HcnCall calls) {
    super(calls, "Network", lib::HcnEnumerateNetworks, lib::HcnOpenNetwork, lib::HcnModifyNetwork,
        lib::HcnQueryNetworkProperties, lib::HcnDeleteNetwork, lib::HcnCloseNetwork);
    this.lib = lib;
  }

  /**
   * {@code HcnCreateNetwork} → {@code HcnQueryNetworkProperties} → {@code HcnCloseNetwork}: creates the
   * object under {@code id} and returns it as HNS reports it.
   */
  public String create(UUID id, String settings, String query) {
    return closing(handle("HcnCreateNetwork", (out, rec) -> lib.HcnCreateNetwork(Guid.of(id), Utf16.of(settings), out, rec)),
        h -> properties(h, query));
  }
}
