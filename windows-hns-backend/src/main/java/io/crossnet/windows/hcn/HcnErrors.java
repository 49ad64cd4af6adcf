package io.crossnet.windows.hcn;

import io.crossnet.core.error.AlreadyExists;
import io.crossnet.core.error.BackendFailure;
import io.crossnet.core.error.CrossnetException;
import io.crossnet.core.error.NotFound;
import io.crossnet.core.error.Unsupported;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed HCN call into a crossnet error, once, here: the HRESULT decides the type (not
 * found, already exists, unsupported, or a backend failure), the message keeps the HCN name, the
 * hex code, the function and HNS's own error text, like hcsshim's {@code checkForErrors}. Codes
 * and texts are those of the HCN error-code reference ({@code HCN_E_*}) and winerror.h.
 */
public final class HcnErrors {

  /** What a caller can do about an HRESULT, and so which crossnet error it becomes. */
  public enum Kind {
    NOT_FOUND,
    ALREADY_EXISTS,
    UNSUPPORTED,
    FAILURE
  }

  /** One known HRESULT: its symbolic name, what it means, and a hint where crossnet can give one. */
  public record Code(int hresult, String name, String meaning, Kind kind, String hint) {}

  public static final int HCN_E_NETWORK_NOT_FOUND = 0x803B0001;
  public static final int HCN_E_ENDPOINT_NOT_FOUND = 0x803B0002;
  public static final int HCN_E_NETWORK_ALREADY_EXISTS = 0x803B0010;
  public static final int HCN_E_PORT_ALREADY_EXISTS = 0x803B0013;
  public static final int HCN_E_MAPPING_NOT_SUPPORTED = 0x803B0016;
  public static final int HCN_E_INVALID_JSON = 0x803B001B;
  public static final int HCN_E_MANAGER_STOPPED = 0x803B0020;
  public static final int HCN_E_ENDPOINT_NAMESPACE_ALREADY_EXISTS = 0x803B002B;
  public static final int HCN_E_ENTITY_HAS_REFERENCES = 0x803B002C;
  /** HRESULT_FROM_WIN32(ERROR_NOT_FOUND): what HNS answers for an unknown namespace or load balancer. */
  public static final int E_NOT_FOUND = 0x80070490;

  private static final Map<Integer, Code> CODES = new HashMap<>();

  static {
    notFound(HCN_E_NETWORK_NOT_FOUND, "HCN_E_NETWORK_NOT_FOUND", "the network was not found");
    notFound(HCN_E_ENDPOINT_NOT_FOUND, "HCN_E_ENDPOINT_NOT_FOUND", "the endpoint was not found");
    notFound(0x803B0003, "HCN_E_LAYER_NOT_FOUND", "the network's underlying layer was not found");
    notFound(0x803B0004, "HCN_E_SWITCH_NOT_FOUND", "the virtual switch was not found");
    notFound(0x803B0006, "HCN_E_ADAPTER_NOT_FOUND", "an adapter was not found",
        "check the network's 'parent' option: it must name a host network adapter");
    notFound(0x803B0007, "HCN_E_PORT_NOT_FOUND", "the switch port was not found");
    notFound(0x803B0008, "HCN_E_POLICY_NOT_FOUND", "an expected policy was not found");
    notFound(0x803B0027, "GCN_E_NETCOMPARTMENT_NOT_FOUND", "the network compartment was not found");
    notFound(E_NOT_FOUND, "ERROR_NOT_FOUND", "element not found");
    notFound(0x80070002, "ERROR_FILE_NOT_FOUND", "the system cannot find the file specified");

    exists(HCN_E_NETWORK_ALREADY_EXISTS, "HCN_E_NETWORK_ALREADY_EXISTS", "a network with this name already exists", null);
    exists(0x803B0011, "HCN_E_LAYER_ALREADY_EXISTS", "the network layer already exists", null);
    exists(0x803B0012, "HCN_E_POLICY_ALREADY_EXISTS", "policy information already exists on this object", null);
    exists(HCN_E_PORT_ALREADY_EXISTS, "HCN_E_PORT_ALREADY_EXISTS", "the published port is already in use on this host",
        "another endpoint (crossnet's or Docker's) publishes the same host port and protocol");
    exists(0x803B0014, "HCN_E_ENDPOINT_ALREADY_ATTACHED", "the endpoint is already attached to the switch", null);
    exists(0x803B0029, "GCN_E_DEFAULTNAMESPACE_EXISTS", "a default namespace already exists", null);
    exists(HCN_E_ENDPOINT_NAMESPACE_ALREADY_EXISTS, "HCN_E_ENDPOINT_NAMESPACE_ALREADY_EXISTS",
        "the endpoint is already part of a network namespace", null);
    exists(0x800700B7, "ERROR_ALREADY_EXISTS", "the object already exists", null);

    unsupported(0x803B000B, "HCN_E_INVALID_NETWORK_TYPE", "this host does not know the network type");
    unsupported(0x803B0015, "HCN_E_REQUEST_UNSUPPORTED", "the request is unsupported");
    unsupported(HCN_E_MAPPING_NOT_SUPPORTED, "HCN_E_MAPPING_NOT_SUPPORTED",
        "port mapping is not supported on this network type; publish ports on 'nat' networks");
    unsupported(0x803B001D, "HCN_E_ENDPOINT_SHARING_DISABLED", "endpoint sharing is disabled");
    unsupported(0x803B002A, "HCN_E_ICS_DISABLED",
        "the Internet Connection Sharing service (SharedAccess) is disabled and cannot be started");
    unsupported(0x803B0037, "HCN_E_VFP_NOT_ALLOWED", "this network type needs VFP, which is not available on this host");

    failure(0x803B0005, "HCN_E_SUBNET_NOT_FOUND", "the network does not have a subnet for this endpoint", null);
    failure(0x803B000A, "HCN_E_INVALID_NETWORK", "the network configuration is invalid or missing parameters", null);
    failure(0x803B000C, "HCN_E_INVALID_ENDPOINT", "the endpoint configuration is invalid or missing parameters", null);
    failure(0x803B000D, "HCN_E_INVALID_POLICY", "the policy configuration is invalid or missing parameters", null);
    failure(HCN_E_INVALID_JSON, "HCN_E_INVALID_JSON", "invalid JSON document",
        "HNS rejected a document crossnet built; please report it with the document from the debug log");
    failure(0x803B001E, "HCN_E_INVALID_IP", "the IP address is invalid or not part of any configured subnet", null);
    failure(HCN_E_MANAGER_STOPPED, "HCN_E_MANAGER_STOPPED", "the Host Network Service is stopping",
        "retry once the hns service runs again (Get-Service hns)");
    failure(HCN_E_ENTITY_HAS_REFERENCES, "HCN_E_ENTITY_HAS_REFERENCES",
        "the object cannot be removed while it still has references", "remove its endpoints first");
    failure(0x803B0030, "HCN_E_INVALID_PREFIX", "the prefix is invalid", null);
    failure(0x803B0032, "HCN_E_INVALID_SUBNET", "the subnet configuration is invalid or missing parameters", null);
    failure(0x80070005, "E_ACCESSDENIED", "access denied",
        "crossnet must run as an administrator or as LocalSystem to program HNS");
    failure(0x80070006, "E_HANDLE", "the handle is invalid", null);
    failure(0x80070057, "E_INVALIDARG", "an argument is invalid", null);
    failure(0x80004003, "E_POINTER", "a required pointer is NULL", null);
  }

  private static final Pattern RECORD_ERROR = Pattern.compile("\"Error\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private HcnErrors() {}

  /** The known code, or null. */
  public static Code lookup(int hresult) {
    return CODES.get(hresult);
  }

  /** {@code 0x803B0013}: how HRESULTs are written in Windows documentation and event logs. */
  public static String hex(int hresult) {
    return String.format(Locale.ROOT, "0x%08X", hresult);
  }

  /**
   * The crossnet error for a failed call: {@code hresult} negative, or an error record that is
   * not empty (which HNS can return with a success code, and which hcsshim also treats as failure).
   */
  public static CrossnetException failure(String function, int hresult, String errorRecord) {
    Code code = CODES.get(hresult);
    String hns = recordText(errorRecord);
    String codeText = hex(hresult);
    StringBuilder m = new StringBuilder("HNS: ");
    m.append(code != null ? code.meaning() : "call failed");
    m.append(" (").append(code != null ? code.name() + " " : "").append(codeText).append(" from ").append(function).append(')');
    if (hns != null && (code == null || !hns.equalsIgnoreCase(code.meaning()))) {
      m.append(": ").append(hns);
    }
    if (code != null && code.hint() != null) {
      m.append("; ").append(code.hint());
    }
    Kind kind = code == null ? Kind.FAILURE : code.kind();
    return switch (kind) {
      case NOT_FOUND -> new NotFound(m.toString());
      case ALREADY_EXISTS -> new AlreadyExists(m.toString());
      case UNSUPPORTED -> new Unsupported(m.toString());
      case FAILURE -> new BackendFailure(function, code != null ? codeText + " " + code.name() : codeText,
          m.substring("HNS: ".length()));
    };
  }

  /** HNS's own text from an error record: its {@code Error} field, or the record as it came. */
  static String recordText(String record) {
    if (record == null || record.isBlank()) {
      return null;
    }
    Matcher matcher = RECORD_ERROR.matcher(record);
    if (!matcher.find()) {
      return record.strip();
    }
    return matcher.group(1).replace("\\\"", "\"").replace("\\\\", "\\").replace("\\n", " ");
  }

  private static void notFound(int hr, String name, String meaning) {
    notFound(hr, name, meaning, null);
  }

  private static void notFound(int hr, String name, String meaning, String hint) {
    CODES.put(hr, new Code(hr, name, meaning, Kind.NOT_FOUND, hint));
  }

  private static void exists(int hr, String name, String meaning, String hint) {
    CODES.put(hr, new Code(hr, name, meaning, Kind.ALREADY_EXISTS, hint));
  }

  private static void unsupported(int hr, String name, String meaning) {
    CODES.put(hr, new Code(hr, name, meaning, Kind.UNSUPPORTED, null));
  }

  private static void failure(int hr, String name, String meaning, String hint) {
    CODES.put(hr, new Code(hr, name, meaning, Kind.FAILURE, hint));
  }
}
