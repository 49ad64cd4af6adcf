package io.crossnet.windows.backend;

import io.crossnet.core.backend.Capabilities.Support;
import io.crossnet.core.backend.Capabilities;
import io.crossnet.core.backend.NetworkBackend;
import io.crossnet.core.backend.OwnedObject;
import io.crossnet.core.error.FieldErrors;
import io.crossnet.core.error.InvalidRequest;
import io.crossnet.core.error.NotFound;
import io.crossnet.core.error.Unsupported;
import io.crossnet.core.model.Endpoint;
import io.crossnet.core.model.Names;
import io.crossnet.core.model.Network;
import io.crossnet.core.model.NetworkType;
import io.crossnet.core.model.PortMapping;
import io.crossnet.core.model.SandboxRef;
import io.crossnet.windows.hcn.Hcn;
import io.crossnet.windows.hcn.HcnObjects;
import io.crossnet.windows.schema.HnsJson;
import io.crossnet.windows.schema.HostComputeEndpoint;
import io.crossnet.windows.schema.HostComputeNamespace;
import io.crossnet.windows.schema.HostComputeNetwork;
import io.crossnet.windows.schema.HostComputeQuery;
import io.crossnet.windows.schema.ModifySettingRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Windows backend: crossnet networks and endpoints as HNS v2 objects, through
 * {@code computenetwork.dll}. Each object has a GUID and a name derived from crossnet's id
 * ({@link HnsNames}), so every call converges: create finds what a crashed attempt made, delete of
 * what is gone succeeds. Sandboxes are HNS namespaces, which the container runtime creates;
 * crossnet only puts its endpoints into them and takes them out.
 */
public final class HnsBackend implements NetworkBackend {
  private static final String QUERY = HostComputeQuery.DEFAULT.json();
  /** {@link OwnedObject} kinds of what carries crossnet's name prefix in HNS. */
  private static final String NETWORK_KIND = "hns-network";
  private static final String ENDPOINT_KIND = "hns-endpoint";

  private final Hcn hcn;

  public HnsBackend(Hcn hcn) {
    this.hcn = hcn;
  }

  /** The backend on this host's HNS (or on the library the {@code crossnet.hns.*} properties name). */
  public static HnsBackend load() {
    return new HnsBackend(Hcn.load());
  }

  @Override
  public String name() {
    return "windows-hns";
  }

  @Override
  public Capabilities capabilities() {
    Map<NetworkType, Support> types = new EnumMap<>(NetworkType.class);
    types.put(NetworkType.NAT, Support.yes("HNS NAT network (WinNAT); published ports as PortMapping policies"));
    types.put(NetworkType.BRIDGE, Support.yes("HNS Internal network, or Private when internal"));
    types.put(NetworkType.TRANSPARENT, Support.yes("HNS Transparent network on the 'parent' adapter"));
    types.put(NetworkType.MACVLAN, Support.yes("HNS Transparent network with a VLAN subnet policy"));
    types.put(NetworkType.L2BRIDGE, Support.yes("HNS L2Bridge network; endpoints with OutBoundNAT"));
    types.put(NetworkType.OVERLAY, Support.yes("HNS Overlay network; VNI as VSID, 'hostIp' as provider address"));
    types.put(NetworkType.HOST, Support.no("not implemented by the windows-hns backend (HNS has no host-mode network)"));
    types.put(NetworkType.NONE, Support.no("not implemented by the windows-hns backend (a namespace without endpoints needs no network)"));
    return new Capabilities(types);
  }

  /**
   * Refuses what HNS cannot honour, rather than creating something that behaves differently from
   * the same request on Linux.
   */
  @Override
  public void validate(Network network) {
    FieldErrors errors = new FieldErrors();
    Map<String, String> options = network.options();
    if (network.internal() && network.type() != NetworkType.BRIDGE) {
      throw new Unsupported("internal networks on Windows are 'bridge' networks (HNS Private); '"
          + network.type().wireName() + "' cannot be internal");
    }
    for (String linuxOnly : List.of("mtu", "bridgeName", "icc", "masquerade")) {
      if (options.containsKey(linuxOnly)) {
        throw new Unsupported("option '" + linuxOnly + "' has no HNS equivalent on Windows");
      }
    }
    if (network.type() == NetworkType.MACVLAN && !options.getOrDefault("mode", "bridge").equals("bridge")) {
      throw new Unsupported("macvlan mode '" + Names.printable(options.get("mode"))
          + "' has no HNS equivalent; Windows Transparent networks behave like mode 'bridge'");
    }
    if (network.type() == NetworkType.OVERLAY) {
      String vni = options.get("vni");
      if (vni == null) {
        errors.add("options.vni", "is required for overlay networks on Windows (the HNS VSID), 4096 or more");
      } else if (Integer.parseInt(vni) < 4096) {
        errors.add("options.vni", "must be 4096 or more on Windows, where lower VSIDs are reserved (got " + vni + ")");
      }
    }
    if (network.type() == NetworkType.TRANSPARENT || network.type() == NetworkType.MACVLAN) {
      if (!options.containsKey("parent")) {
        errors.add("options.parent", "is required: the host network adapter the external vSwitch binds to");
      }
    }
    errors.throwIfAny();
  }

  @Override
  public void checkSandbox(SandboxRef sandbox) {
    if (!sandbox.isGuid()) {
      throw new InvalidRequest("sandbox", "'" + Names.printable(sandbox.path())
          + "' is not an HNS namespace GUID; on Windows a sandbox is the container's HNS namespace");
    }
    if (!sandboxExists(sandbox)) {
      throw new InvalidRequest("sandbox", "HNS namespace " + sandbox.path() + " does not exist");
    }
  }

  /** HNS maps tcp and udp ports, through WinNAT only. */
  @Override
  public void checkPorts(Network network, List<PortMapping> ports) {
    FieldErrors errors = new FieldErrors();
    for (int i = 0; i < ports.size(); i++) {
      if (network.type() != NetworkType.NAT) {
        errors.add("ports[" + i + "]", "published ports need a 'nat' network on Windows (HNS maps ports only through WinNAT)");
      } else if (!ports.get(i).protocol().equals("tcp") && !ports.get(i).protocol().equals("udp")) {
        errors.add("ports[" + i + "].protocol", "HNS publishes tcp and udp ports only");
      }
    }
    errors.throwIfAny();
  }

  @Override
  public List<String> plan(Network network) {
    return List.of(HnsNames.network(network));
  }

  @Override
  public List<String> plan(Network network, Endpoint endpoint) {
    return List.of(HnsNames.endpoint(endpoint));
  }

  @Override
  public void createNetwork(Network network) {
    UUID guid = HnsNames.networkGuid(network.id());
    if (find(hcn.networks(), guid) != null) {
      return;
    }
    hcn.networks().create(guid, HnsJson.write(NetworkDocuments.network(network)), QUERY);
  }

  @Override
  public void deleteNetwork(Network network) {
    ignoringNotFound(() -> hcn.networks().delete(HnsNames.networkGuid(network.id())));
  }

  @Override
  public void attach(Network network, Endpoint endpoint) {
    UUID networkGuid = HnsNames.networkGuid(network.id());
    UUID guid = HnsNames.endpointGuid(endpoint.id());
    if (find(hcn.endpoints(), guid) == null) {
      String doc = HnsJson.write(EndpointDocuments.endpoint(network, endpoint, networkGuid, EndpointDocuments.ports(endpoint), null));
      hcn.endpoints().create(networkGuid, guid, doc, QUERY);
    }
    UUID namespace = UUID.fromString(endpoint.sandbox().path());
    HostComputeNamespace ns = HnsJson.read(hcn.namespaces().query(namespace, QUERY), HostComputeNamespace.class,
        "HcnQueryNamespaceProperties");
    if (!contains(ns.endpointIds(), guid)) {
      hcn.namespaces().modify(namespace, ModifySettingRequest.addNamespaceEndpoint(HnsNames.text(guid)).json(), QUERY);
    }
  }

  /** Takes the endpoint out of whichever namespace HNS says it is in, then deletes it. */
  @Override
  public void detach(Network network, Endpoint endpoint) {
    removeEndpoint(HnsNames.endpointGuid(endpoint.id()));
  }

  private void removeEndpoint(UUID guid) {
    String json = find(hcn.endpoints(), guid);
    if (json == null) {
      return;
    }
    HostComputeEndpoint current = HnsJson.read(json, HostComputeEndpoint.class, "HcnQueryEndpointProperties");
    String namespace = current.hostComputeNamespace();
    if (namespace != null && !namespace.isEmpty()) {
      ignoringNotFound(() -> hcn.namespaces().modify(UUID.fromString(namespace),
          ModifySettingRequest.removeNamespaceEndpoint(HnsNames.text(guid)).json(), QUERY));
    }
    ignoringNotFound(() -> hcn.endpoints().delete(guid));
  }

  @Override
  public boolean sandboxExists(SandboxRef sandbox) {
    return sandbox.isGuid() && find(hcn.namespaces(), UUID.fromString(sandbox.path())) != null;
  }

  @Override
  public List<OwnedObject> listOwned() {
    List<OwnedObject> owned = new ArrayList<>();
    for (UUID id : ids(hcn.networks(), "HcnEnumerateNetworks")) {
      String json = find(hcn.networks(), id);
      if (json != null) {
        String name = HnsJson.read(json, HostComputeNetwork.class, "HcnQueryNetworkProperties").name();
        add(owned, NETWORK_KIND, name);
      }
    }
    for (UUID id : ids(hcn.endpoints(), "HcnEnumerateEndpoints")) {
      String json = find(hcn.endpoints(), id);
      if (json != null) {
        String name = HnsJson.read(json, HostComputeEndpoint.class, "HcnQueryEndpointProperties").name();
        add(owned, ENDPOINT_KIND, name);
      }
    }
    return owned;
  }

  /** HNS networks are gone after a Windows reboot (NAT ones on Server 2019+): re-create them. */
  @Override
  public boolean repair(Network network) {
    if (find(hcn.networks(), HnsNames.networkGuid(network.id())) != null) {
      return false;
    }
    createNetwork(network);
    return true;
  }

  @Override
  public boolean repair(Network network, Endpoint endpoint) {
    if (find(hcn.endpoints(), HnsNames.endpointGuid(endpoint.id())) != null) {
      return false;
    }
    attach(network, endpoint);
    return true;
  }

  /** Listed by the pass's enumeration: one HNS query fewer per endpoint. */
  @Override
  public boolean repair(Network network, Endpoint endpoint, List<OwnedObject> listed) {
    String name = HnsNames.endpoint(endpoint);
    if (listed.stream().anyMatch(o -> o.kind().equals(ENDPOINT_KIND) && o.name().equals(name))) {
      return false;
    }
    return repair(network, endpoint);
  }

  @Override
  public void removeOwned(OwnedObject object) {
    switch (object.kind()) {
      case ENDPOINT_KIND -> removeEndpoint(HnsNames.endpointGuid(object.ownerId()));
      case NETWORK_KIND -> ignoringNotFound(() -> hcn.networks().delete(HnsNames.networkGuid(object.ownerId())));
      default -> throw new IllegalArgumentException("not an HNS object crossnet owns: " + object);
    }
  }

  @Override
  public Map<String, String> info() {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("hns.api", "HCN v2 (computenetwork.dll), schema 2.0");
    info.put("hns.library", System.getProperty(Hcn.LIBRARY_PROPERTY, "computenetwork"));
    return info;
  }

  private static void add(List<OwnedObject> owned, String kind, String name) {
    String owner = HnsNames.ownerOf(name);
    if (owner != null) {
      owned.add(new OwnedObject(kind, name, owner));
    }
  }

  /** The object's properties, or null when HNS has no object with this GUID. */
  private static String find(HcnObjects objects, UUID id) {
    try {
      return objects.query(id, QUERY);
    } catch (NotFound e) {
      return null;
    }
  }

  private static List<UUID> ids(HcnObjects objects, String function) {
    String[] ids = HnsJson.read(objects.enumerate(QUERY), String[].class, function);
    List<UUID> out = new ArrayList<>(ids.length);
    for (String id : ids) {
      out.add(UUID.fromString(id.startsWith("{") ? id.substring(1, id.length() - 1) : id));
    }
    return out;
  }

  private static boolean contains(List<String> ids, UUID guid) {
    return ids.stream().anyMatch(id -> UUID.fromString(id).equals(guid));
  }

  private static void ignoringNotFound(Runnable call) {
    try {
      call.run();
    } catch (NotFound e) {
      // already gone: delete and detach are idempotent
    }
  }
}
