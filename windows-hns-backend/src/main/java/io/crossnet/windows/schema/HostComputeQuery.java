package io.crossnet.windows.schema;

/**
 * The query of {@code HcnEnumerate*} and {@code HcnQuery*Properties}. {@code Filter} is itself
 * JSON text (for instance {@code {"Name":"cn-..."}}); {@code Flags} 1 asks for detailed properties.
 */
public record HostComputeQuery(SchemaVersion schemaVersion, Integer flags, String filter) {
  public static final HostComputeQuery DEFAULT = new HostComputeQuery(SchemaVersion.V2, null, null);

  public String json() {
    return HnsJson.write(this);
  }
}
