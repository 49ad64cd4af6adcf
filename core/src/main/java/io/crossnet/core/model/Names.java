package io.crossnet.core.model;

import java.util.regex.Pattern;

/** Rules for user-chosen names, compatible with Docker's network and container names. */
public final class Names {
  /** Docker's rule ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]}), bounded so names fit in DNS labels and logs. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  /** Linux interface names: at most 15 bytes, no '/', ':' or white space; DNS-safe characters only. */
  public static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

  /** Label keys follow Docker's reverse-DNS convention loosely; values are free text but bounded. */
  public static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_./-]{0,127}");

  public static final int LABEL_VALUE_MAX = 1024;

  /** A name a resolver may be asked for: DNS-safe characters, dot-separated, at most 253 characters. */
  public static final Pattern LOOKUP = Pattern.compile("(?=.{1,253}$)[A-Za-z0-9_-]{1,63}(\\.[A-Za-z0-9_-]{1,63})*\\.?");

  private Names() {}

  /** Makes a user string safe to echo in an error message: control characters escaped, length bounded. */
  public static String printable(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 64; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (b.length() >= 64 && s.length() > b.length()) {
      b.append("...");
    }
    return b.toString();
  }
}
