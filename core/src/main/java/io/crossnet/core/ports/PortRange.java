package io.crossnet.core.ports;

/** The host ports crossnet chooses from when a mapping names none (Docker's default: 32768-60999). */
public record PortRange(int first, int last) {
  public static final PortRange DOCKER_DEFAULT = new PortRange(32768, 60999);

  public PortRange {
    if (first < 1 || last > 65535 || first > last) {
      throw new IllegalArgumentException("host port range must be within 1-65535, first <= last (got " + first + "-" + last + ")");
    }
  }

  /** Parses {@code FIRST-LAST}. */
  public static PortRange parse(String text) {
    int dash = text.indexOf('-');
    try {
      return new PortRange(Integer.parseInt(text.substring(0, dash).trim()), Integer.parseInt(text.substring(dash + 1).trim()));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("host port range must be FIRST-LAST such as 32768-60999 (got '" + text + "')", e);
    }
  }

  public boolean contains(int port) {
    return port >= first && port <= last;
  }
}
