package io.crossnet.service.firewall;

/** {@link SegmentsCases} with the iptables driver. */
class SegmentsIptablesIT extends SegmentsCases {
  @Override
  String driver() {
    return "iptables";
  }
}
