package io.crossnet.service.firewall;

/** {@link SegmentsCases} with the nftables driver. */
class SegmentsNftIT extends SegmentsCases {
  @Override
  String driver() {
    return "nftables";
  }
}
