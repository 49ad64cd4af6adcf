package io.crossnet.windows.hcn;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * {@code CoTaskMemFree} from {@code ole32.dll}, the only way to release the strings HCN hands out.
 * A separate library from {@link ComputeNetwork} because on Windows it lives in ole32; the Linux
 * stand-in exports it itself so it can count frees.
 */
public interface CoTaskMem extends Library {
  void CoTaskMemFree(Pointer block);
}
