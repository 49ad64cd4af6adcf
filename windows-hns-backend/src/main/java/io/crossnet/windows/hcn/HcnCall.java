package io.crossnet.windows.hcn;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * Runs one HCN call the way every call must be run: fresh out-params, every returned string read
 * and freed with {@code CoTaskMemFree} whatever the outcome, then the HRESULT and the error record
 * checked (hcsshim's {@code checkForErrors} plus {@code ConvertAndFreeCoTaskMemString}). Nothing
 * else in crossnet touches an HCN out-buffer, so none can leak.
 */
final class HcnCall {
  private final CoTaskMem memory;

  HcnCall(CoTaskMem memory) {
    this.memory = memory;
  }

  /** A call with a string out-param (properties, an id list) and an error record. */
  interface WithResult {
    int invoke(PointerByReference result, PointerByReference errorRecord);
  }

  /** A call with only an error record. */
  interface WithRecord {
    int invoke(PointerByReference errorRecord);
  }

  /** Returns the call's result string (null if it returned none); throws the mapped error on failure. */
  String result(String function, WithResult call) {
    PointerByReference result = new PointerByReference();
    PointerByReference record = new PointerByReference();
    int hr = call.invoke(result, record);
    String text = take(result);
    check(function, hr, take(record));
    return text;
  }

  void record(String function, WithRecord call) {
    PointerByReference record = new PointerByReference();
    int hr = call.invoke(record);
    check(function, hr, take(record));
  }

  /** For the {@code Close} calls, which have no error record. */
  void plain(String function, int hr) {
    check(function, hr, null);
  }

  private static void check(String function, int hr, String record) {
    if (hr < 0 || (record != null && !record.isEmpty())) {
      throw HcnErrors.failure(function, hr, record);
    }
  }

  private String take(PointerByReference ref) {
    Pointer p = ref.getValue();
    if (p == null) {
      return null;
    }
    try {
      return Utf16.read(p);
    } finally {
      memory.CoTaskMemFree(p);
    }
  }
}
