package io.crossnet.windows.hcn;

import com.sun.jna.Native;
import java.util.Locale;

/**
 * The HCN v2 API of this host: {@code computenetwork.dll} and {@code CoTaskMemFree}. Two system
 * properties point it elsewhere, which is how the tests run it against the Linux stand-in:
 * {@value #LIBRARY_PROPERTY} (default {@code computenetwork}) and {@value #MEMORY_PROPERTY}
 * (default {@code ole32} on Windows, otherwise the HCN library itself, as the stand-in exports
 * {@code CoTaskMemFree}). Either may be a library name or an absolute path.
 */
public final class Hcn {
  public static final String LIBRARY_PROPERTY = "crossnet.hns.library";
  public static final String MEMORY_PROPERTY = "crossnet.hns.memoryLibrary";

  private final HcnNetworks networks;
  private final HcnEndpoints endpoints;
  private final HcnNamespaces namespaces;
  private final HcnLoadBalancers loadBalancers;

  private Hcn(ComputeNetwork lib, CoTaskMem memory) {
    HcnCall calls = new HcnCall(memory);
    networks = new HcnNetworks(lib, calls);
    endpoints = new HcnEndpoints(lib, calls, networks);
    namespaces = new HcnNamespaces(lib, calls);
    loadBalancers = new HcnLoadBalancers(lib, calls);
  }

  /** Loads the libraries named by the system properties, or the Windows ones. */
  public static Hcn load() {
    String library = System.getProperty(LIBRARY_PROPERTY, "computenetwork");
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    String memory = System.getProperty(MEMORY_PROPERTY, windows ? "ole32" : library);
    return load(library, memory);
  }

  /**
   * Loads {@code library} for the HCN calls and {@code memoryLibrary} for {@code CoTaskMemFree}.
   * Throws {@link UnsatisfiedLinkError} when either is missing (HNS needs Windows Server 2019 or
   * Windows 10 1809 and later for the v2 API).
   */
  public static Hcn load(String library, String memoryLibrary) {
    return new Hcn(Native.load(library, ComputeNetwork.class), Native.load(memoryLibrary, CoTaskMem.class));
  }

  public HcnNetworks networks() {
    return networks;
  }

  public HcnEndpoints endpoints() {
    return endpoints;
  }

  public HcnNamespaces namespaces() {
    return namespaces;
  }

  public HcnLoadBalancers loadBalancers() {
    return loadBalancers;
  }
}
