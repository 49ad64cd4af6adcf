package io.crossnet.windows.hcn;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Linux stand-in for {@code computenetwork.dll} ({@code src/test/native/hcn_standin.c}),
 * compiled with gcc once per test JVM into the build directory. {@link #hcn()} is the real
 * binding loaded from it; {@link #control()} reaches the stand-in's own exports: allocation and
 * handle counters, failure injection and reset.
 */
public final class StandIn {

  /** The stand-in's test-only exports. */
  public interface Control extends Library {
    long StandIn_Allocations();

    long StandIn_Outstanding();

    long StandIn_BadFrees();

    long StandIn_OpenHandles();

    void StandIn_Reset();

    /** The next call of {@code function} returns {@code hresult} and, unless null, {@code record}. */
    void StandIn_FailNext(String function, int hresult, Utf16 record);
  }

  private static Hcn hcn;
  private static Control control;

  private StandIn() {}

  /** Builds (once) and loads the stand-in; also sets the {@code crossnet.hns.*} properties to it. */
  public static synchronized Hcn hcn() {
    if (hcn == null) {
      Path lib = build();
      System.setProperty(Hcn.LIBRARY_PROPERTY, lib.toString());
      System.setProperty(Hcn.MEMORY_PROPERTY, lib.toString());
      hcn = Hcn.load();
      control = Native.load(lib.toString(), Control.class);
    }
    return hcn;
  }

  public static synchronized Control control() {
    hcn();
    return control;
  }

  private static Path build() {
    Path source = Path.of(System.getProperty("crossnet.standin.source", "src/test/native/hcn_standin.c"));
    Path dir = Path.of(System.getProperty("crossnet.standin.dir", "target/standin"));
    Path lib = dir.resolve("libhcnstandin.so").toAbsolutePath();
    try {
      Files.createDirectories(dir);
      Process gcc = new ProcessBuilder(List.of("gcc", "-std=c11", "-D_DEFAULT_SOURCE", "-Wall", "-Wextra", "-Werror",
          "-O1", "-g", "-shared", "-fPIC", "-pthread", "-o", lib.toString(), source.toAbsolutePath().toString()))
          .redirectErrorStream(true)
          .start();
      String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
        throw new IllegalStateException("gcc could not build the HCN stand-in from " + source + ":\n" + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("gcc is needed to build the HCN stand-in from " + source, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the HCN stand-in", e);
    }
    return lib;
  }
}
