package io.crossnet.windows.schema;

/** The HNS schema version every v2 document carries; crossnet writes 2.0. */
public record SchemaVersion(int major, int minor) {
  public static final SchemaVersion V2 = new SchemaVersion(2, 0);
}
