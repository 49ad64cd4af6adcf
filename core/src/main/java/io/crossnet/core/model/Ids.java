package io.crossnet.core.model;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Object ids: 64 random hex digits, like Docker's, so short prefixes are unique in practice. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private Ids() {}

  public static String newId() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return HEX.formatHex(b);
  }

  /** A locally administered unicast MAC derived from the endpoint id, stable across retries. */
  public static String macFor(String endpointId) {
    byte[] b = HEX.parseHex(endpointId.substring(0, 12));
    b[0] = (byte) ((b[0] & 0xfc) | 0x02);
    return HEX.withDelimiter(":").formatHex(b);
  }

  public static boolean isId(String s) {
    return s != null && s.length() == 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }
}
