package io.crossnet.windows.hcn;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A NUL-terminated UTF-16 string in native byte order ({@code PCWSTR} on Windows), built by hand
 * rather than through {@code WString}, whose {@code wchar_t} is 4 bytes wide on Linux. Strings
 * with characters outside the BMP go out as surrogate pairs, as Windows expects.
 */
public final class Utf16 extends PointerType {
  static final Charset CHARSET =
      ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;

  /** For JNA, which instantiates pointer types reflectively. */
  public Utf16() {}

  public Utf16(String text) {
    byte[] bytes = text.getBytes(CHARSET);
    Memory m = new Memory(bytes.length + 2L);
    m.write(0, bytes, 0, bytes.length);
    m.setShort(bytes.length, (short) 0);
    setPointer(m);
  }

  /** Null in, null out, so optional arguments stay {@code NULL} in C. */
  public static Utf16 of(String text) {
    return text == null ? null : new Utf16(text);
  }

  /** Reads a NUL-terminated UTF-16 string that native code allocated. */
  public static String read(Pointer p) {
    long units = 0;
    while (p.getShort(2 * units) != 0) {
      units++;
    }
    return new String(p.getByteArray(0, (int) (2 * units)), CHARSET);
  }
}
