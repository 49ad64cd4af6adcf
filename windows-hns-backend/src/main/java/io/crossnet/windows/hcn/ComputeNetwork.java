package io.crossnet.windows.hcn;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The HCN v2 entry points of {@code computenetwork.dll}, one method per export, with the C
 * signatures of {@code computenetwork.h}: GUIDs by reference, settings and queries as {@code
 * PCWSTR}, handles as opaque pointers, results and error records as {@code PWSTR*} out-params
 * that the caller frees with {@code CoTaskMemFree}. Every method returns an HRESULT.
 *
 * <p>Strings are {@link Utf16}, not {@code WString}: JNA converts a {@code WString} to the
 * platform's {@code wchar_t}, which is 4 bytes on Linux, and the same binding must run against
 * the Linux stand-in.
 *
 * <p>Only {@link Hcn} calls these, through {@link HcnCall}, which checks and frees.
 */
public interface ComputeNetwork extends Library {

  int HcnEnumerateNetworks(Utf16 query, PointerByReference networks, PointerByReference errorRecord);

  int HcnCreateNetwork(Guid id, Utf16 settings, PointerByReference network, PointerByReference errorRecord);

  int HcnOpenNetwork(Guid id, PointerByReference network, PointerByReference errorRecord);

  int HcnModifyNetwork(Pointer network, Utf16 settings, PointerByReference errorRecord);

  int HcnQueryNetworkProperties(Pointer network, Utf16 query, PointerByReference properties,
      PointerByReference errorRecord);

  int HcnDeleteNetwork(Guid id, PointerByReference errorRecord);

  int HcnCloseNetwork(Pointer network);

  int HcnEnumerateEndpoints(Utf16 query, PointerByReference endpoints, PointerByReference errorRecord);

  int HcnCreateEndpoint(Pointer network, Guid id, Utf16 settings, PointerByReference endpoint,
      PointerByReference errorRecord);

  int HcnOpenEndpoint(Guid id, PointerByReference endpoint, PointerByReference errorRecord);

  int HcnModifyEndpoint(Pointer endpoint, Utf16 settings, PointerByReference errorRecord);

  int HcnQueryEndpointProperties(Pointer endpoint, Utf16 query, PointerByReference properties,
      PointerByReference errorRecord);

  int HcnDeleteEndpoint(Guid id, PointerByReference errorRecord);

  int HcnCloseEndpoint(Pointer endpoint);

  int HcnEnumerateNamespaces(Utf16 query, PointerByReference namespaces, PointerByReference errorRecord);

  int HcnCreateNamespace(Guid id, Utf16 settings, PointerByReference namespace, PointerByReference errorRecord);

  int HcnOpenNamespace(Guid id, PointerByReference namespace, PointerByReference errorRecord);

  int HcnModifyNamespace(Pointer namespace, Utf16 settings, PointerByReference errorRecord);

  int HcnQueryNamespaceProperties(Pointer namespace, Utf16 query, PointerByReference properties,
      PointerByReference errorRecord);

  int HcnDeleteNamespace(Guid id, PointerByReference errorRecord);

  int HcnCloseNamespace(Pointer namespace);

  int HcnEnumerateLoadBalancers(Utf16 query, PointerByReference loadBalancers, PointerByReference errorRecord);

  int HcnCreateLoadBalancer(Guid id, Utf16 settings, PointerByReference loadBalancer,
      PointerByReference errorRecord);

  int HcnOpenLoadBalancer(Guid id, PointerByReference loadBalancer, PointerByReference errorRecord);

  int HcnModifyLoadBalancer(Pointer loadBalancer, Utf16 settings, PointerByReference errorRecord);

  int HcnQueryLoadBalancerProperties(Pointer loadBalancer, Utf16 query, PointerByReference properties,
      PointerByReference errorRecord);

  int HcnDeleteLoadBalancer(Guid id, PointerByReference errorRecord);

  int HcnCloseLoadBalancer(Pointer loadBalancer);
}
