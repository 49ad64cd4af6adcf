package io.crossnet.core.flow;

import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.model.Network;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * One host NIC ({@code options.parent}) serves one network per VLAN: two bridges cannot both
 * enslave it, and two macvlan networks on one segment would hand out addresses from two IPAMs
 * that know nothing of each other. Different VLANs of one parent are different segments.
 */
final class ParentUse {
  private ParentUse() {}

  static void check(Map<String, String> options, Collection<Network> others) {
    String parent = options.get("parent");
    if (parent == null) {
      return;
    }
    String vlan = options.get("vlan");
    for (Network n : others) {
      if (parent.equals(n.options().get("parent")) && Objects.equals(vlan, n.options().get("vlan"))) {
        throw new InvalidRequest("options.parent", "'" + parent + "'" + (vlan == null ? "" : " VLAN " + vlan)
            + " is in use by network '" + n.name() + "' (" + n.shortId() + ")");
      }
    }
  }
}
