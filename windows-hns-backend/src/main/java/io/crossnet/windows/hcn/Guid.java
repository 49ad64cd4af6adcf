package io.crossnet.windows.hcn;

import com.sun.jna.Structure;
import java.util.UUID;

/**
 * A Windows {@code GUID}, passed by reference ({@code REFGUID}). The first three fields are
 * integers in native byte order and {@code Data4} is eight bytes, which is exactly the layout of
 * the canonical text form read left to right, so {@link UUID} converts field by field.
 */
@Structure.FieldOrder({"Data1", "Data2", "Data3", "Data4"})
public final class Guid extends Structure implements Structure.ByReference {
  public int Data1;
  public short Data2;
  public short Data3;
  public byte[] Data4 = new byte[8];

  public Guid() {}

  public static Guid of(UUID id) {
    Guid g = new Guid();
    long msb = id.getMostSignificantBits();
    long lsb = id.getLeastSignificantBits();
    g.Data1 = (int) (msb >>> 32);
    g.Data2 = (short) (msb >>> 16);
    g.Data3 = (short) msb;
    for (int i = 0; i < 8; i++) {
      g.Data4[i] = (byte) (lsb >>> (56 - 8 * i));
    }
    return g;
  }

  public UUID toUuid() {
    long msb = ((Data1 & 0xffffffffL) << 32) | ((Data2 & 0xffffL) << 16) | (Data3 & 0xffffL);
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      lsb = (lsb << 8) | (Data4[i] & 0xffL);
    }
    return new UUID(msb, lsb);
  }
}
