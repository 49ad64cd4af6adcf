package io.crossnet.windows.hcn;

import java.util.UUID;

/** HCN load balancers: {@code HcnCreateLoadBalancer} and the calls shared by every kind. */
public final class HcnLoadBalancers extends HcnObjects {
  private final ComputeNetwork lib;

  HcnLoadBalancers(ComputeNetwork lib, HcnCall calls) {
    super(calls, "LoadBalancer", lib::HcnEnumerateLoadBalancers, lib::HcnOpenLoadBalancer, lib::HcnModifyLoadBalancer,
        lib::HcnQueryLoadBalancerProperties, lib::HcnDeleteLoadBalancer, lib::HcnCloseLoadBalancer);
    this.lib = lib;
  }

  /**
   * {@code HcnCreateLoadBalancer} → {@code HcnQueryLoadBalancerProperties} → {@code HcnCloseLoadBalancer}: creates the
   * object under {@code id} and returns it as HNS reports it.
   */
  public String create(UUID id, String settings, String query) {
    return closing(handle("HcnCreateLoadBalancer", (out, rec) -> lib.HcnCreateLoadBalancer(Guid.of(id), Utf16.of(settings), out, rec)),
        h -> properties(h, query));
  }
}
