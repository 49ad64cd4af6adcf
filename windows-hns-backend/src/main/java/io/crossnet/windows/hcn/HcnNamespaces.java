package io.crossnet.windows.hcn;

import java.util.UUID;

/** HCN namespaces: {@code HcnCreateNamespace} and the calls shared by every kind. */
public final class HcnNamespaces extends HcnObjects {
  private final ComputeNetwork lib;

  HcnNamespaces(ComputeNetwork lib, HcnCall calls) {
    super(calls, "Namespace", lib::HcnEnumerateNamespaces, lib::HcnOpenNamespace, lib::HcnModifyNamespace,
        lib::HcnQueryNamespaceProperties, lib::HcnDeleteNamespace, lib::HcnCloseNamespace);
    this.lib = lib;
  }

  /**
   * {@code HcnCreateNamespace} → {@code HcnQueryNamespaceProperties} → {@code HcnCloseNamespace}: creates the
   * object under {@code id} and returns it as HNS reports it.
   */
  public String create(UUID id, String settings, String query) {
    return closing(handle("HcnCreateNamespace", (out, rec) -> lib.HcnCreateNamespace(Guid.of(id), Utf16.of(settings), out, rec)),
        h -> properties(h, query));
  }
}
