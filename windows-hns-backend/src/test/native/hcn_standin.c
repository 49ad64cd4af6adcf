/*
 * An in-memory stand-in for computenetwork.dll, so the JNA binding can be exercised on Linux
 * through the same C ABI: GUIDs by pointer, settings and results as NUL-terminated UTF-16
 * (uint16_t, never wchar_t, which is 4 bytes here), opaque handles, out-buffers allocated per call
 * and released by the caller with CoTaskMemFree, which this library exports and counts.
 *
 * It keeps networks, endpoints, namespaces and load balancers by GUID, answers queries with the
 * document it was given plus the fields HNS adds (ID, State, HostComputeNamespace, Resources),
 * rejects malformed JSON and the conflicts HNS rejects (duplicate network name, published port in
 * use, endpoint already in a namespace) with HCN HRESULTs and an error record, and can be told to
 * fail the next call of a function with a given HRESULT and record.
 *
 * Built by the tests: gcc -shared -fPIC -o libhcnstandin.so hcn_standin.c
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

typedef int32_t HRESULT;
typedef uint16_t WCHAR;
typedef struct {
  uint32_t Data1;
  uint16_t Data2;
  uint16_t Data3;
  uint8_t Data4[8];
} GUID;

#define S_OK ((HRESULT)0)
#define E_POINTER ((HRESULT)0x80004003)
#define E_HANDLE ((HRESULT)0x80070006)
#define E_INVALIDARG ((HRESULT)0x80070057)
#define E_ALREADY_EXISTS ((HRESULT)0x800700B7)
#define E_NOT_FOUND ((HRESULT)0x80070490)
#define HCN_E_NETWORK_NOT_FOUND ((HRESULT)0x803B0001)
#define HCN_E_ENDPOINT_NOT_FOUND ((HRESULT)0x803B0002)
#define HCN_E_INVALID_NETWORK_TYPE ((HRESULT)0x803B000B)
#define HCN_E_INVALID_ENDPOINT ((HRESULT)0x803B000C)
#define HCN_E_NETWORK_ALREADY_EXISTS ((HRESULT)0x803B0010)
#define HCN_E_PORT_ALREADY_EXISTS ((HRESULT)0x803B0013)
#define HCN_E_REQUEST_UNSUPPORTED ((HRESULT)0x803B0015)
#define HCN_E_MAPPING_NOT_SUPPORTED ((HRESULT)0x803B0016)
#define HCN_E_INVALID_JSON ((HRESULT)0x803B001B)
#define HCN_E_ENDPOINT_NAMESPACE_ALREADY_EXISTS ((HRESULT)0x803B002B)
#define HCN_E_ENTITY_HAS_REFERENCES ((HRESULT)0x803B002C)

enum kind { NETWORK, ENDPOINT, NAMESPACE, LOADBALANCER };
static const char *KIND_NAMES[] = {"network", "endpoint", "namespace", "load balancer"};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- CoTaskMem accounting: every live block is listed, so a double or foreign free shows up. */

typedef struct block {
  void *p;
  struct block *next;
} block;

static block *live;
static long allocs, frees, bad_frees, open_handles;

static void *co_alloc(size_t n) {
  void *p = malloc(n);
  block *b = malloc(sizeof *b);
  b->p = p;
  b->next = live;
  live = b;
  allocs++;
  return p;
}

EXPORT void CoTaskMemFree(void *p) {
  if (p == NULL) {
    return;
  }
  pthread_mutex_lock(&lock);
  for (block **b = &live; *b; b = &(*b)->next) {
    if ((*b)->p == p) {
      block *dead = *b;
      *b = dead->next;
      free(dead);
      free(p);
      frees++;
      pthread_mutex_unlock(&lock);
      return;
    }
  }
  bad_frees++;
  pthread_mutex_unlock(&lock);
}

EXPORT int64_t StandIn_Allocations(void) { return allocs; }
EXPORT int64_t StandIn_Outstanding(void) { return allocs - frees; }
EXPORT int64_t StandIn_BadFrees(void) { return bad_frees; }
EXPORT int64_t StandIn_OpenHandles(void) { return open_handles; }

/* ---- growable UTF-8 text */

typedef struct {
  char *s;
  size_t n, cap;
} sb;

static void sb_add(sb *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->s = realloc(b->s, b->cap);
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = 0;
}

static void sb_str(sb *b, const char *s) { sb_add(b, s, strlen(s)); }

static void sb_fmt(sb *b, const char *fmt, ...) {
  char tmp[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  sb_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A JSON string literal for arbitrary UTF-8 text. */
static void sb_json_string(sb *b, const char *s) {
  sb_str(b, "\"");
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      sb_add(b, e, 2);
    } else if (c < 0x20) {
      sb_fmt(b, "\\u%04x", c);
    } else {
      sb_add(b, (const char *)&c, 1);
    }
  }
  sb_str(b, "\"");
}

/* ---- UTF-16 <-> UTF-8 */

static char *utf16_to_utf8(const WCHAR *w) {
  sb b = {0};
  sb_add(&b, "", 0);
  for (size_t i = 0; w[i]; i++) {
    uint32_t c = w[i];
    if (c >= 0xD800 && c <= 0xDBFF && w[i + 1] >= 0xDC00 && w[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (w[i + 1] - 0xDC00);
      i++;
    }
    char o[4];
    size_t n;
    if (c < 0x80) {
      o[0] = (char)c;
      n = 1;
    } else if (c < 0x800) {
      o[0] = (char)(0xC0 | (c >> 6));
      o[1] = (char)(0x80 | (c & 0x3F));
      n = 2;
    } else if (c < 0x10000) {
      o[0] = (char)(0xE0 | (c >> 12));
      o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
      o[2] = (char)(0x80 | (c & 0x3F));
      n = 3;
    } else {
      o[0] = (char)(0xF0 | (c >> 18));
      o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
      o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
      o[3] = (char)(0x80 | (c & 0x3F));
      n = 4;
    }
    sb_add(&b, o, n);
  }
  return b.s;
}

/* A CoTaskMemAlloc'd UTF-16 copy, as HNS hands out results and error records. */
static WCHAR *co_utf16(const char *s) {
  size_t len = strlen(s);
  WCHAR *w = co_alloc((len + 1) * sizeof(WCHAR));
  size_t n = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    uint32_t c;
    if (*p < 0x80) {
      c = *p++;
    } else if ((*p & 0xE0) == 0xC0) {
      c = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
      p += 2;
    } else if ((*p & 0xF0) == 0xE0) {
      c = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
      p += 3;
    } else {
      c = ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) | ((uint32_t)(p[2] & 0x3F) << 6) |
          (p[3] & 0x3F);
      p += 4;
    }
    if (c >= 0x10000) {
      c -= 0x10000;
      w[n++] = (WCHAR)(0xD800 + (c >> 10));
      w[n++] = (WCHAR)(0xDC00 + (c & 0x3FF));
    } else {
      w[n++] = (WCHAR)c;
    }
  }
  w[n] = 0;
  return w;
}

/* ---- a small JSON reader: validation, member lookup by key, string decoding */

static const char *ws(const char *p) {
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
    p++;
  }
  return p;
}

static const char *skip_value(const char *p, int depth);

static const char *skip_string(const char *p) {
  if (*p != '"') {
    return NULL;
  }
  for (p++; *p && *p != '"'; p++) {
    if ((unsigned char)*p < 0x20) {
      return NULL;
    }
    if (*p == '\\') {
      p++;
      if (*p == 'u') {
        for (int i = 1; i <= 4; i++) {
          char h = p[i];
          if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) {
            return NULL;
          }
        }
        p += 4;
      } else if (!strchr("\"\\/bfnrt", *p) || !*p) {
        return NULL;
      }
    }
  }
  return *p == '"' ? p + 1 : NULL;
}

static const char *skip_number(const char *p) {
  const char *s = p;
  if (*p == '-') {
    p++;
  }
  if (*p == '0') {
    p++;
  } else if (*p >= '1' && *p <= '9') {
    while (*p >= '0' && *p <= '9') p++;
  } else {
    return NULL;
  }
  if (*p == '.') {
    p++;
    if (!(*p >= '0' && *p <= '9')) return NULL;
    while (*p >= '0' && *p <= '9') p++;
  }
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '+' || *p == '-') p++;
    if (!(*p >= '0' && *p <= '9')) return NULL;
    while (*p >= '0' && *p <= '9') p++;
  }
  return p > s ? p : NULL;
}

static const char *skip_value(const char *p, int depth) {
  if (depth > 64) {
    return NULL;
  }
  p = ws(p);
  switch (*p) {
    case '{':
      p = ws(p + 1);
      if (*p == '}') return p + 1;
      for (;;) {
        p = skip_string(ws(p));
        if (!p) return NULL;
        p = ws(p);
        if (*p != ':') return NULL;
        p = skip_value(p + 1, depth + 1);
        if (!p) return NULL;
        p = ws(p);
        if (*p == '}') return p + 1;
        if (*p != ',') return NULL;
        p++;
      }
    case '[':
      p = ws(p + 1);
      if (*p == ']') return p + 1;
      for (;;) {
        p = skip_value(p, depth + 1);
        if (!p) return NULL;
        p = ws(p);
        if (*p == ']') return p + 1;
        if (*p != ',') return NULL;
        p++;
      }
    case '"':
      return skip_string(p);
    case 't':
      return strncmp(p, "true", 4) == 0 ? p + 4 : NULL;
    case 'f':
      return strncmp(p, "false", 5) == 0 ? p + 5 : NULL;
    case 'n':
      return strncmp(p, "null", 4) == 0 ? p + 4 : NULL;
    default:
      return skip_number(p);
  }
}

/* A whole document that is one JSON object. */
static int valid_object(const char *doc) {
  const char *p = ws(doc);
  if (*p != '{') return 0;
  p = skip_value(p, 0);
  return p && *ws(p) == 0;
}

typedef struct {
  const char *start, *end;
} span;

/* Iterates the members of the object at *p: key span (with quotes) and value span. */
static int next_member(const char **p, span *key, span *value) {
  const char *q = ws(*p);
  if (*q == '{' || *q == ',') q = ws(q + 1);
  if (*q != '"') return 0;
  key->start = q;
  key->end = skip_string(q);
  q = ws(key->end);
  q = ws(q + 1); /* ':' */
  value->start = q;
  value->end = skip_value(q, 0);
  *p = value->end;
  return 1;
}

static int key_is(span key, const char *name) {
  size_t n = strlen(name);
  return (size_t)(key.end - key.start) == n + 2 && strncmp(key.start + 1, name, n) == 0;
}

static int get(span obj, const char *name, span *out) {
  if (!obj.start || *ws(obj.start) != '{') return 0;
  const char *p = obj.start;
  span k, v;
  while (next_member(&p, &k, &v)) {
    if (key_is(k, name)) {
      *out = v;
      return 1;
    }
  }
  return 0;
}

static span whole(const char *doc) {
  span s = {doc, doc + strlen(doc)};
  return s;
}

/* The decoded text of a string value, malloc'd; NULL when the value is not a string. */
static char *string_of(span v) {
  if (*v.start != '"') return NULL;
  sb b = {0};
  sb_add(&b, "", 0);
  for (const char *p = v.start + 1; p < v.end - 1; p++) {
    if (*p != '\\') {
      sb_add(&b, p, 1);
      continue;
    }
    p++;
    char c = *p;
    if (c == 'u') {
      unsigned cp = 0;
      sscanf(p + 1, "%4x", &cp);
      p += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF && p[1] == '\\' && p[2] == 'u') {
        unsigned lo = 0;
        sscanf(p + 3, "%4x", &lo);
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        p += 6;
      }
      WCHAR w[3] = {0};
      if (cp >= 0x10000) {
        w[0] = (WCHAR)(0xD800 + ((cp - 0x10000) >> 10));
        w[1] = (WCHAR)(0xDC00 + ((cp - 0x10000) & 0x3FF));
      } else {
        w[0] = (WCHAR)cp;
      }
      char *u = utf16_to_utf8(w);
      sb_str(&b, u);
      free(u);
    } else {
      char m = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == 'b' ? '\b' : c == 'f' ? '\f' : c;
      sb_add(&b, &m, 1);
    }
  }
  return b.s;
}

static long number_of(span v, long fallback) {
  return v.start && ((*v.start >= '0' && *v.start <= '9') || *v.start == '-') ? strtol(v.start, NULL, 10) : fallback;
}

/* ---- GUIDs */

static void guid_format(const GUID *g, char out[37]) {
  snprintf(out, 37, "%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X", g->Data1, g->Data2, g->Data3, g->Data4[0],
           g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
}

static int guid_parse(const char *s, GUID *g) {
  if (*s == '{') s++;
  unsigned d[11];
  if (strlen(s) < 36 || sscanf(s, "%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x", &d[0], &d[1], &d[2], &d[3], &d[4], &d[5],
                               &d[6], &d[7], &d[8], &d[9], &d[10]) != 11) {
    return 0;
  }
  g->Data1 = d[0];
  g->Data2 = (uint16_t)d[1];
  g->Data3 = (uint16_t)d[2];
  for (int i = 0; i < 8; i++) g->Data4[i] = (uint8_t)d[3 + i];
  return 1;
}

static int guid_zero(const GUID *g) {
  static const GUID zero;
  return memcmp(g, &zero, sizeof zero) == 0;
}

static void guid_random(GUID *g) {
  static uint64_t state = 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i < sizeof *g; i++) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    ((uint8_t *)g)[i] = (uint8_t)state;
  }
  g->Data3 = (uint16_t)((g->Data3 & 0x0FFF) | 0x4000);
  g->Data4[0] = (uint8_t)((g->Data4[0] & 0x3F) | 0x80);
}

/* ---- the objects */

#define MAX_PORTS 32
#define MAX_MEMBERS 64

typedef struct obj {
  int kind;
  GUID id;
  char *name;     /* networks and endpoints */
  char *doc;      /* the settings as given, UTF-8 */
  GUID network;   /* endpoints: the network they are on */
  GUID ns;        /* endpoints: the namespace they are in, zero when none */
  int ports[MAX_PORTS][2]; /* endpoints: published (protocol, external port) */
  int nports;
  struct obj *next;
} obj;

static obj *objects;

typedef struct {
  uint32_t magic;
  int kind;
  GUID id;
} handle;

#define HANDLE_MAGIC 0x48434E48u

static obj *find(int kind, const GUID *id) {
  for (obj *o = objects; o; o = o->next) {
    if (o->kind == kind && memcmp(&o->id, id, sizeof *id) == 0) return o;
  }
  return NULL;
}

static void drop(obj *victim) {
  for (obj **o = &objects; *o; o = &(*o)->next) {
    if (*o == victim) {
      *o = victim->next;
      free(victim->name);
      free(victim->doc);
      free(victim);
      return;
    }
  }
}

/* An object that failed validation before it was linked in. */
static void discard(obj *o) {
  free(o->doc);
  free(o->name);
  free(o);
}

/* Forgets every object and the bad-free count; blocks still live stay counted as outstanding. */
EXPORT void StandIn_Reset(void) {
  pthread_mutex_lock(&lock);
  while (objects) drop(objects);
  bad_frees = 0;
  pthread_mutex_unlock(&lock);
}

/* ---- errors: a failing HRESULT plus an error record, as HNS reports them */

static char fail_function[128];
static HRESULT fail_hr;
static char *fail_record;

/* The next call of {@code function} returns {@code hr} and, when not NULL, this error record. */
EXPORT void StandIn_FailNext(const char *function, HRESULT hr, const WCHAR *record) {
  pthread_mutex_lock(&lock);
  snprintf(fail_function, sizeof fail_function, "%s", function);
  fail_hr = hr;
  free(fail_record);
  fail_record = record ? utf16_to_utf8(record) : NULL;
  pthread_mutex_unlock(&lock);
}

static HRESULT fail(WCHAR **result, HRESULT hr, const char *message) {
  if (result) {
    sb b = {0};
    sb_str(&b, "{\"Success\":false,\"Error\":");
    sb_json_string(&b, message);
    sb_fmt(&b, ",\"ErrorCode\":%u}", (uint32_t)hr);
    *result = co_utf16(b.s);
    free(b.s);
  }
  return hr;
}

static int injected(const char *function, WCHAR **result, HRESULT *hr) {
  if (strcmp(fail_function, function) != 0) return 0;
  fail_function[0] = 0;
  *hr = fail_hr;
  if (result && fail_record) *result = co_utf16(fail_record);
  return 1;
}

static HRESULT not_found(int kind, WCHAR **result, const GUID *id) {
  char g[37], msg[128];
  guid_format(id, g);
  snprintf(msg, sizeof msg, "The %s %s was not found", KIND_NAMES[kind], g);
  HRESULT hr = kind == NETWORK ? HCN_E_NETWORK_NOT_FOUND : kind == ENDPOINT ? HCN_E_ENDPOINT_NOT_FOUND : E_NOT_FOUND;
  return fail(result, hr, msg);
}

/* Every entry point starts here: out-params cleared, injected failure, argument checks. */
#define ENTER(fn, result)                  \
  pthread_mutex_lock(&lock);               \
  if (result) *(result) = NULL;            \
  HRESULT hr_ = S_OK;                      \
  if (injected(fn, result, &hr_)) {        \
    pthread_mutex_unlock(&lock);           \
    return hr_;                            \
  }
#define LEAVE(value)              \
  do {                            \
    HRESULT v_ = (value);         \
    pthread_mutex_unlock(&lock);  \
    return v_;                    \
  } while (0)

static const char *NETWORK_TYPES[] = {"NAT", "ICS", "Transparent", "L2Bridge", "L2Tunnel", "Overlay", "Private", "Internal", NULL};

static HRESULT check_document(const char *doc, WCHAR **result) {
  if (!valid_object(doc)) return fail(result, HCN_E_INVALID_JSON, "Invalid JSON document string");
  span version, major;
  if (!get(whole(doc), "SchemaVersion", &version) || !get(version, "Major", &major) || number_of(major, 0) != 2) {
    return fail(result, E_INVALIDARG, "SchemaVersion 2.x is required by the HCN v2 API");
  }
  return S_OK;
}

/* Published ports of an endpoint document: PortMapping policies, (Protocol, ExternalPort). */
static int port_mappings(const char *doc, int ports[MAX_PORTS][2]) {
  span policies;
  int n = 0;
  if (!get(whole(doc), "Policies", &policies) || *policies.start != '[') return 0;
  const char *p = ws(policies.start + 1);
  while (*p != ']' && n < MAX_PORTS) {
    span item = {p, skip_value(p, 0)};
    span type, settings, protocol, external;
    char *t = get(item, "Type", &type) ? string_of(type) : NULL;
    if (t && strcmp(t, "PortMapping") == 0 && get(item, "Settings", &settings)) {
      ports[n][0] = get(settings, "Protocol", &protocol) ? (int)number_of(protocol, 6) : 6;
      ports[n][1] = get(settings, "ExternalPort", &external) ? (int)number_of(external, 0) : 0;
      n++;
    }
    free(t);
    p = ws(item.end);
    if (*p == ',') p = ws(p + 1);
  }
  return n;
}

static HRESULT create(int kind, const GUID *id, const WCHAR *settings, void **out, WCHAR **result,
                      obj *network) {
  if (!id || !settings || !out) return fail(result, E_POINTER, "a required pointer argument is NULL");
  *out = NULL;
  char *doc = utf16_to_utf8(settings);
  HRESULT hr = check_document(doc, result);
  if (hr != S_OK) {
    free(doc);
    return hr;
  }
  GUID gid = *id;
  if (guid_zero(&gid)) guid_random(&gid);
  if (find(kind, &gid)) {
    free(doc);
    char g[37], msg[128];
    guid_format(&gid, g);
    snprintf(msg, sizeof msg, "A %s with ID %s already exists", KIND_NAMES[kind], g);
    return fail(result, kind == NETWORK ? HCN_E_NETWORK_ALREADY_EXISTS : E_ALREADY_EXISTS, msg);
  }
  span v;
  char *name = get(whole(doc), "Name", &v) ? string_of(v) : NULL;
  obj *o = calloc(1, sizeof *o);
  o->kind = kind;
  o->id = gid;
  o->doc = doc;
  o->name = name;
  if (kind == NETWORK) {
    char *type = get(whole(doc), "Type", &v) ? string_of(v) : NULL;
    int known = 0;
    for (int i = 0; type && NETWORK_TYPES[i]; i++) known |= strcmp(type, NETWORK_TYPES[i]) == 0;
    free(type);
    if (!known) {
      discard(o);
      return fail(result, HCN_E_INVALID_NETWORK_TYPE, "Invalid network type");
    }
    for (obj *other = objects; name && other; other = other->next) {
      if (other->kind == NETWORK && other->name && strcmp(other->name, name) == 0) {
        sb m = {0};
        sb_str(&m, "A network with name ");
        sb_json_string(&m, name);
        sb_str(&m, " already exists");
        HRESULT r = fail(result, HCN_E_NETWORK_ALREADY_EXISTS, m.s);
        free(m.s);
        discard(o);
        return r;
      }
    }
  }
  if (kind == ENDPOINT) {
    o->network = network->id;
    o->nports = port_mappings(doc, o->ports);
    span nt;
    char *ntype = get(whole(network->doc), "Type", &nt) ? string_of(nt) : NULL;
    int nat = ntype && strcmp(ntype, "NAT") == 0;
    free(ntype);
    if (o->nports > 0 && !nat) {
      discard(o);
      return fail(result, HCN_E_MAPPING_NOT_SUPPORTED, "Port mapping is not supported on the given network");
    }
    for (obj *other = objects; other; other = other->next) {
      for (int i = 0; other->kind == ENDPOINT && i < other->nports; i++) {
        for (int j = 0; j < o->nports; j++) {
          if (other->ports[i][0] == o->ports[j][0] && other->ports[i][1] == o->ports[j][1]) {
            char msg[128];
            snprintf(msg, sizeof msg, "The specified port already exists: protocol %d port %d", o->ports[j][0],
                     o->ports[j][1]);
            discard(o);
            return fail(result, HCN_E_PORT_ALREADY_EXISTS, msg);
          }
        }
      }
    }
  }
  o->next = NULL;
  obj **tail = &objects;
  while (*tail) tail = &(*tail)->next;
  *tail = o;
  handle *h = malloc(sizeof *h);
  h->magic = HANDLE_MAGIC;
  h->kind = kind;
  h->id = gid;
  open_handles++;
  *out = h;
  return S_OK;
}

/*
 * A container runtime creates HNS namespaces before it asks a network service to attach them.
 * A process that loads the stand-in (the service under a REST test) has no runtime, so the
 * namespaces named in HCN_STANDIN_NAMESPACES (comma-separated GUIDs) exist from the start.
 */
__attribute__((constructor)) static void seed_namespaces(void) {
  const char *list = getenv("HCN_STANDIN_NAMESPACES");
  if (!list) return;
  char buf[37];
  while (*list) {
    size_t n = strcspn(list, ",");
    GUID g;
    if (n == 36) {
      memcpy(buf, list, 36);
      buf[36] = 0;
      if (guid_parse(buf, &g) && !find(NAMESPACE, &g)) {
        obj *o = calloc(1, sizeof *o);
        o->kind = NAMESPACE;
        o->id = g;
        o->doc = strdup("{\"SchemaVersion\":{\"Major\":2,\"Minor\":0}}");
        o->next = objects;
        objects = o;
      }
    }
    list += n;
    if (*list == ',') list++;
  }
}

static HRESULT open_obj(int kind, const GUID *id, void **out, WCHAR **result) {
  if (!id || !out) return fail(result, E_POINTER, "a required pointer argument is NULL");
  *out = NULL;
  if (!find(kind, id)) return not_found(kind, result, id);
  handle *h = malloc(sizeof *h);
  h->magic = HANDLE_MAGIC;
  h->kind = kind;
  h->id = *id;
  open_handles++;
  *out = h;
  return S_OK;
}

static obj *resolve(int kind, void *hv, WCHAR **result, HRESULT *hr) {
  handle *h = hv;
  if (!h || h->magic != HANDLE_MAGIC || h->kind != kind) {
    *hr = fail(result, E_HANDLE, "The handle is invalid");
    return NULL;
  }
  obj *o = find(kind, &h->id);
  if (!o) *hr = not_found(kind, result, &h->id);
  return o;
}

static HRESULT close_obj(int kind, void *hv) {
  handle *h = hv;
  if (!h || h->magic != HANDLE_MAGIC || h->kind != kind) return E_HANDLE;
  h->magic = 0;
  free(h);
  open_handles--;
  return S_OK;
}

/* The members of a stored document, minus the ones the answer sets itself. */
static void copy_members(sb *b, const char *doc, const char **skip) {
  const char *p = doc;
  span k, v;
  while (next_member(&p, &k, &v)) {
    int skipped = 0;
    for (int i = 0; skip[i]; i++) skipped |= key_is(k, skip[i]);
    if (skipped) continue;
    sb_str(b, ",");
    sb_add(b, k.start, (size_t)(k.end - k.start));
    sb_str(b, ":");
    sb_add(b, v.start, (size_t)(v.end - v.start));
  }
}

static char *properties(obj *o) {
  sb b = {0};
  char g[37], other[37];
  guid_format(&o->id, g);
  sb_fmt(&b, "{\"ID\":\"%s\"", g);
  if (o->kind == NETWORK) {
    static const char *skip[] = {"ID", "State", NULL};
    sb_str(&b, ",\"State\":1");
    copy_members(&b, o->doc, skip);
  } else if (o->kind == ENDPOINT) {
    static const char *skip[] = {"ID", "State", "HostComputeNetwork", "HostComputeNamespace", NULL};
    guid_format(&o->network, other);
    sb_fmt(&b, ",\"State\":%d,\"HostComputeNetwork\":\"%s\"", guid_zero(&o->ns) ? 1 : 3, other);
    if (!guid_zero(&o->ns)) {
      guid_format(&o->ns, other);
      sb_fmt(&b, ",\"HostComputeNamespace\":\"%s\"", other);
    }
    copy_members(&b, o->doc, skip);
  } else if (o->kind == NAMESPACE) {
    static const char *skip[] = {"ID", "NamespaceId", "Resources", "Type", "SchemaVersion", NULL};
    span t;
    char *type = get(whole(o->doc), "Type", &t) ? string_of(t) : NULL;
    sb_str(&b, ",\"Type\":");
    sb_json_string(&b, type ? type : "Host");
    free(type);
    sb_fmt(&b, ",\"NamespaceId\":%ld,\"Resources\":[", (long)(o->id.Data1 % 1000) + 1);
    int first = 1;
    for (obj *e = objects; e; e = e->next) {
      if (e->kind == ENDPOINT && memcmp(&e->ns, &o->id, sizeof o->id) == 0) {
        guid_format(&e->id, other);
        sb_fmt(&b, "%s{\"Type\":\"Endpoint\",\"Data\":{\"ID\":\"%s\"}}", first ? "" : ",", other);
        first = 0;
      }
    }
    sb_str(&b, "],\"SchemaVersion\":{\"Major\":2,\"Minor\":0}");
    copy_members(&b, o->doc, skip);
  } else {
    static const char *skip[] = {"ID", NULL};
    copy_members(&b, o->doc, skip);
  }
  sb_str(&b, "}");
  return b.s;
}

static HRESULT query_obj(int kind, void *hv, const WCHAR *query, WCHAR **props, WCHAR **result) {
  if (!props) return fail(result, E_POINTER, "a required pointer argument is NULL");
  *props = NULL;
  HRESULT hr = S_OK;
  obj *o = resolve(kind, hv, result, &hr);
  if (!o) return hr;
  if (query && query[0]) {
    char *q = utf16_to_utf8(query);
    int ok = valid_object(q);
    free(q);
    if (!ok) return fail(result, HCN_E_INVALID_JSON, "Invalid JSON document string");
  }
  char *p = properties(o);
  *props = co_utf16(p);
  free(p);
  return S_OK;
}

static HRESULT enumerate(int kind, const WCHAR *query, WCHAR **ids, WCHAR **result) {
  if (!ids) return fail(result, E_POINTER, "a required pointer argument is NULL");
  *ids = NULL;
  if (query && query[0]) {
    char *q = utf16_to_utf8(query);
    int ok = valid_object(q);
    free(q);
    if (!ok) return fail(result, HCN_E_INVALID_JSON, "Invalid JSON document string");
  }
  sb b = {0};
  sb_str(&b, "[");
  int first = 1;
  for (obj *o = objects; o; o = o->next) {
    if (o->kind != kind) continue;
    char g[37];
    guid_format(&o->id, g);
    sb_fmt(&b, "%s\"%s\"", first ? "" : ",", g);
    first = 0;
  }
  sb_str(&b, "]");
  *ids = co_utf16(b.s);
  free(b.s);
  return S_OK;
}

/* Appends the policies of a modify request to the stored document's Policies. */
static void add_policies(obj *o, span added) {
  span existing;
  sb b = {0};
  sb_str(&b, "{\"Policies\":[");
  int any = 0;
  if (get(whole(o->doc), "Policies", &existing) && existing.end - existing.start > 2) {
    sb_add(&b, existing.start + 1, (size_t)(existing.end - existing.start - 2));
    any = 1;
  }
  if (added.end - added.start > 2) {
    if (any) sb_str(&b, ",");
    sb_add(&b, added.start + 1, (size_t)(added.end - added.start - 2));
  }
  sb_str(&b, "]");
  static const char *skip[] = {"Policies", NULL};
  copy_members(&b, o->doc, skip);
  sb_str(&b, "}");
  free(o->doc);
  o->doc = b.s;
}

static HRESULT modify_obj(int kind, void *hv, const WCHAR *settings, WCHAR **result) {
  HRESULT hr = S_OK;
  obj *o = resolve(kind, hv, result, &hr);
  if (!o) return hr;
  if (!settings) return fail(result, E_POINTER, "a required pointer argument is NULL");
  char *doc = utf16_to_utf8(settings);
  if (!valid_object(doc)) {
    free(doc);
    return fail(result, HCN_E_INVALID_JSON, "Invalid JSON document string");
  }
  span rt, qt, st;
  char *resource = get(whole(doc), "ResourceType", &rt) ? string_of(rt) : NULL;
  char *request = get(whole(doc), "RequestType", &qt) ? string_of(qt) : NULL;
  int has_settings = get(whole(doc), "Settings", &st);
  hr = S_OK;
  if (!resource || !request || !has_settings) {
    hr = fail(result, HCN_E_INVALID_JSON, "ResourceType, RequestType and Settings are required");
  } else if (kind == NAMESPACE && strcmp(resource, "Endpoint") == 0) {
    span eid;
    char *text = get(st, "EndpointId", &eid) ? string_of(eid) : NULL;
    GUID g;
    obj *e = text && guid_parse(text, &g) ? find(ENDPOINT, &g) : NULL;
    if (!text || !guid_parse(text, &g)) {
      hr = fail(result, HCN_E_INVALID_JSON, "Settings.EndpointId must be a GUID");
    } else if (!e) {
      hr = not_found(ENDPOINT, result, &g);
    } else if (strcmp(request, "Add") == 0) {
      if (!guid_zero(&e->ns)) {
        hr = fail(result, HCN_E_ENDPOINT_NAMESPACE_ALREADY_EXISTS,
                  "This requested operation is invalid as endpoint is already part of a network namespace");
      } else {
        e->ns = o->id;
      }
    } else if (strcmp(request, "Remove") == 0) {
      if (memcmp(&e->ns, &o->id, sizeof g) != 0) {
        hr = fail(result, E_NOT_FOUND, "The endpoint is not part of this namespace");
      } else {
        memset(&e->ns, 0, sizeof e->ns);
      }
    } else {
      hr = fail(result, HCN_E_REQUEST_UNSUPPORTED, "The specified request is unsupported");
    }
    free(text);
  } else if ((kind == NETWORK || kind == ENDPOINT) && strcmp(resource, "Policy") == 0 &&
             (strcmp(request, "Add") == 0 || strcmp(request, "Update") == 0)) {
    span policies;
    if (!get(st, "Policies", &policies) || *policies.start != '[') {
      hr = fail(result, HCN_E_INVALID_JSON, "Settings.Policies must be an array");
    } else {
      add_policies(o, policies);
    }
  } else {
    hr = fail(result, HCN_E_REQUEST_UNSUPPORTED, "The specified request is unsupported");
  }
  free(resource);
  free(request);
  free(doc);
  return hr;
}

static HRESULT delete_obj(int kind, const GUID *id, WCHAR **result) {
  if (!id) return fail(result, E_POINTER, "a required pointer argument is NULL");
  obj *o = find(kind, id);
  if (!o) return not_found(kind, result, id);
  for (obj *e = objects; e; e = e->next) {
    if (e->kind != ENDPOINT) continue;
    if (kind == NETWORK && memcmp(&e->network, id, sizeof *id) == 0) {
      return fail(result, HCN_E_ENTITY_HAS_REFERENCES,
                  "The specified entity cannot be removed while it still has references");
    }
    if (kind == NAMESPACE && memcmp(&e->ns, id, sizeof *id) == 0) {
      memset(&e->ns, 0, sizeof e->ns); /* the compartment goes, its endpoints stay */
    }
  }
  if (kind == ENDPOINT && !guid_zero(&o->ns)) {
    return fail(result, HCN_E_ENTITY_HAS_REFERENCES,
                "The specified entity cannot be removed while it still has references");
  }
  drop(o);
  return S_OK;
}

/* ---- the exported HCN entry points, with computenetwork.h's signatures */

#define OBJECT_FUNCTIONS(Kind, KIND)                                                                         \
  EXPORT HRESULT HcnEnumerate##Kind##s(const WCHAR *query, WCHAR **ids, WCHAR **result) {                    \
    ENTER("HcnEnumerate" #Kind "s", result);                                                                 \
    LEAVE(enumerate(KIND, query, ids, result));                                                              \
  }                                                                                                          \
  EXPORT HRESULT HcnOpen##Kind(const GUID *id, void **h, WCHAR **result) {                                   \
    ENTER("HcnOpen" #Kind, result);                                                                          \
    LEAVE(open_obj(KIND, id, h, result));                                                                    \
  }                                                                                                          \
  EXPORT HRESULT HcnModify##Kind(void *h, const WCHAR *settings, WCHAR **result) {                           \
    ENTER("HcnModify" #Kind, result);                                                                        \
    LEAVE(modify_obj(KIND, h, settings, result));                                                            \
  }                                                                                                          \
  EXPORT HRESULT HcnQuery##Kind##Properties(void *h, const WCHAR *query, WCHAR **props, WCHAR **result) {    \
    ENTER("HcnQuery" #Kind "Properties", result);                                                            \
    LEAVE(query_obj(KIND, h, query, props, result));                                                         \
  }                                                                                                          \
  EXPORT HRESULT HcnDelete##Kind(const GUID *id, WCHAR **result) {                                           \
    ENTER("HcnDelete" #Kind, result);                                                                        \
    LEAVE(delete_obj(KIND, id, result));                                                                     \
  }                                                                                                          \
  EXPORT HRESULT HcnClose##Kind(void *h) {                                                                   \
    ENTER("HcnClose" #Kind, (WCHAR **)NULL);                                                                 \
    LEAVE(close_obj(KIND, h));                                                                               \
  }

OBJECT_FUNCTIONS(Network, NETWORK)
OBJECT_FUNCTIONS(Endpoint, ENDPOINT)
OBJECT_FUNCTIONS(Namespace, NAMESPACE)
OBJECT_FUNCTIONS(LoadBalancer, LOADBALANCER)

EXPORT HRESULT HcnCreateNetwork(const GUID *id, const WCHAR *settings, void **network, WCHAR **result) {
  ENTER("HcnCreateNetwork", result);
  LEAVE(create(NETWORK, id, settings, network, result, NULL));
}

EXPORT HRESULT HcnCreateEndpoint(void *network, const GUID *id, const WCHAR *settings, void **endpoint,
                                 WCHAR **result) {
  ENTER("HcnCreateEndpoint", result);
  HRESULT hr = S_OK;
  obj *n = resolve(NETWORK, network, result, &hr);
  if (!n) LEAVE(hr);
  LEAVE(create(ENDPOINT, id, settings, endpoint, result, n));
}

EXPORT HRESULT HcnCreateNamespace(const GUID *id, const WCHAR *settings, void **ns, WCHAR **result) {
  ENTER("HcnCreateNamespace", result);
  LEAVE(create(NAMESPACE, id, settings, ns, result, NULL));
}

EXPORT HRESULT HcnCreateLoadBalancer(const GUID *id, const WCHAR *settings, void **lb, WCHAR **result) {
  ENTER("HcnCreateLoadBalancer", result);
  LEAVE(create(LOADBALANCER, id, settings, lb, result, NULL));
}
