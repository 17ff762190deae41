/* Every key of an xm domain config: its type, limits and where it lands in
 * struct xm_domain_config. KEYS.md says what each one means. */
#define _POSIX_C_SOURCE 200809L
#include "xm_internal.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xen/hvm/hvm_info_table.h>   /* HVM_MAX_VCPUS */

enum kind { K_STR, K_IPV4, K_ULONG, K_UINT, K_INT, K_BOOL, K_ACTION, K_FN };


struct key_def {
    const char *name;
    enum kind kind;
    size_t off;
    const char *what;        /* "expected <what>" */
    long long min, max;
    bool hvm_only;
    key_fn *fn;
};

static key_fn set_name, set_builder, set_root, set_dhcp, set_boot;

#define F(m) offsetof(struct xm_domain_config, m)
#define STR(k, m, w) { k, K_STR, F(m), w, 0, 0, false, NULL }
#define HSTR(k, m, w) { k, K_STR, F(m), w, 0, 0, true, NULL }
#define IP(k, m) { k, K_IPV4, F(m), "an IPv4 address", 0, 0, false, NULL }
#define HBOOL(k, m) { k, K_BOOL, F(m), "0 or 1", 0, 1, true, NULL }
#define FN(k, f, w, h) { k, K_FN, 0, w, 0, 0, h, f }
#define ACT(k, m) { k, K_ACTION, F(m), NULL, 0, 0, false, NULL }

static const struct key_def keys[] = {
    STR("kernel", kernel, "a path to the kernel image"),
    STR("ramdisk", ramdisk, "a path to the initial ramdisk"),
    { "memory", K_ULONG, F(memory_mib), "an integer (MiB)", 1, 1LL << 24,
      false, NULL },
    { "maxmem", K_ULONG, F(maxmem_mib), "an integer (MiB)", 1, 1LL << 24,
      false, NULL },
    { "vcpus", K_UINT, F(vcpus), "an integer (number of virtual CPUs)", 1,
      HVM_MAX_VCPUS, false, NULL },
    FN("cpus", xm_set_cpus, NULL, false),
    FN("name", set_name, NULL, false),
    FN("builder", set_builder, NULL, false),
    FN("disk", xm_set_disk, NULL, false),
    FN("vif", xm_set_vif, NULL, false),
    FN("root", set_root, NULL, false),
    STR("extra", extra, "a string of kernel parameters"),
    FN("dhcp", set_dhcp, NULL, false),
    IP("ip", ip), IP("netmask", netmask), IP("gateway", gateway),
    IP("nfs_server", nfs_server),
    STR("hostname", hostname, "a host name"),
    STR("interface", interface, "an interface name"),
    STR("nfs_root", nfs_root, "a path on the NFS server"),
    ACT("on_poweroff", on_poweroff), ACT("on_reboot", on_reboot),
    ACT("on_crash", on_crash),
    { "tsc_mode", K_INT, F(tsc_mode), "0, 1, 2 or 3 (default, always "
      "emulate, native, pvrdtscp)", 0, 3, false, NULL },
    { "localtime", K_BOOL, F(hvm.localtime), "0 or 1", 0, 1, false, NULL },
    HSTR("device_model", hvm.device_model, "a path to the device model"),
    FN("boot", set_boot, NULL, true),
    HBOOL("acpi", hvm.acpi), HBOOL("apic", hvm.apic), HBOOL("pae", hvm.pae),
    HBOOL("sdl", hvm.sdl), HBOOL("vnc", hvm.vnc),
    { "vnclisten", K_IPV4, F(hvm.vnclisten), "an IPv4 address", 0, 0, true,
      NULL },
    { "vncdisplay", K_INT, F(hvm.vncdisplay), "a display number (0-59635)",
      0, 59635, true, NULL },
    HBOOL("vncunused", hvm.vncunused),
    HSTR("vncpasswd", hvm.vncpasswd, "a password string"),
    HBOOL("nographic", hvm.nographic),
    HSTR("serial", hvm.serial, "'pty', 'stdio', 'null', 'file:PATH' ..."),
    HBOOL("usb", hvm.usb),
    HSTR("usbdevice", hvm.usbdevice, "'mouse', 'tablet' or 'host:ID1:ID2'"),
    HSTR("keymap", hvm.keymap, "a keyboard layout such as 'en-us'"),
    HSTR("soundhw", hvm.soundhw, "'sb16', 'es1370', 'all' ..."),
    HBOOL("stdvga", hvm.stdvga), HBOOL("monitor", hvm.monitor),
    { "xen_platform_pci", K_INT, F(hvm.xen_platform_pci), "0 or 1", 0, 1,
      true, NULL },
};

/* Keys Xen 4.1's xm accepted that this toolstack does not implement. */
static const char *const unsupported[] = {
    "bootloader", "bootargs", "bootentry", "loader", "features",
    "shadow_memory", "cpu", "cpu_cap", "cpu_weight", "vcpu_avail",
    "maxvcpus", "restart", "blkif", "netif", "tpmif", "pci", "vscsi", "vusb",
    "ioports", "irq", "vfb", "vif2", "vtpm", "access_control", "nics", "fda",
    "fdb", "description", "guest_os_type", "isa", "opengl", "display",
    "xauthority", "uuid", "on_xend_start", "on_xend_stop", "target", "hap",
    "s3_integrity", "oos", "cpuid", "cpuid_check", "machine_address_size",
    "suppress_spurious_page_faults", "pci_msitranslate", "pci_power_mgmt",
    "superpages", "rtc_timeoffset", "hpet", "timer_mode", "nomigrate",
    "vpt_align", "viridian", "vhpt", "videoram", "gfx_passthru",
    "vncconsole", "vncviewer",
};

static const struct key_def *find_key(const char *name)
{
    for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
        if (!strcmp(keys[i].name, name))
            return &keys[i];
    return NULL;
}

enum xm_key_status xm_key_lookup(const char *key, bool *hvm_only)
{
    const struct key_def *k = find_key(key);
    *hvm_only = k && k->hvm_only;
    if (k)
        return XM_KEY_KNOWN;
    for (size_t i = 0; i < sizeof(unsupported) / sizeof(*unsupported); i++)
        if (!strcmp(unsupported[i], key))
            return XM_KEY_UNSUPPORTED;
    return XM_KEY_UNKNOWN;
}

static void report(struct xm_ctx *cx, enum cfg_diag_level lvl,
                   const char *fmt, va_list ap)
{
    cfg_diag_vadd(cx->diags, lvl, cx->file, cx->line, cx->key, fmt, ap);
}

void xm_error(struct xm_ctx *cx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(cx, CFG_ERROR, fmt, ap);
    va_end(ap);
}

void xm_warn(struct xm_ctx *cx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(cx, CFG_WARNING, fmt, ap);
    va_end(ap);
}

void xm_describe(const struct py_value *v, char *buf, size_t len)
{
    switch (v->kind) {
    case PY_NONE: snprintf(buf, len, "None"); break;
    case PY_INT:  snprintf(buf, len, "%lld", v->num); break;
    case PY_STR:  snprintf(buf, len, "'%.60s'", v->str); break;
    case PY_LIST: snprintf(buf, len, "a list"); break;
    }
}

int xm_expected(struct xm_ctx *cx, const char *what,
                    const struct py_value *v)
{
    char got[80];
    xm_describe(v, got, sizeof(got));
    xm_error(cx, "expected %s, got %s", what, got);
    return -1;
}

/* Python's int() on a string: optional blanks and sign, decimal digits. */
static bool str_to_ll(const char *s, long long *out)
{
    char *end;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s || (!isdigit((unsigned char)*s) && *s != '-' && *s != '+'))
        return false;
    errno = 0;
    *out = strtoll(s, &end, 10);
    while (isspace((unsigned char)*end))
        end++;
    return !errno && end != s && !*end;
}

static int get_int(const struct key_def *k, const struct py_value *v,
                   struct xm_ctx *cx, long long *out)
{
    if (v->kind == PY_INT)
        *out = v->num;
    else if (v->kind != PY_STR || !str_to_ll(v->str, out))
        return xm_expected(cx, k->what, v);
    if (*out < k->min || *out > k->max) {
        xm_error(cx, "expected %s, got %lld (allowed: %lld to %lld)", k->what,
                 *out, k->min, k->max);
        return -1;
    }
    return 0;
}

static int get_bool(const struct key_def *k, const struct py_value *v,
                    struct xm_ctx *cx, bool *out)
{
    static const char *const yes[] = { "1", "yes", "y", "true", "on" };
    static const char *const no[] = { "0", "no", "n", "false", "off", "" };
    if (v->kind == PY_INT) {
        *out = v->num != 0;
        return 0;
    }
    for (size_t i = 0; v->kind == PY_STR && i < 6; i++) {
        if (i < 5 && !strcasecmp(v->str, yes[i]))
            return *out = true, 0;
        if (!strcasecmp(v->str, no[i]))
            return *out = false, 0;
    }
    return xm_expected(cx, k->what, v);
}

/* A string value; integers are accepted and written in decimal, as xm's
 * Python would have passed them through str(). */
static int get_str(const char *what, const struct py_value *v,
                   struct xm_ctx *cx, char **out)
{
    char num[32];
    const char *s = v->str;
    if (v->kind == PY_INT) {
        snprintf(num, sizeof(num), "%lld", v->num);
        s = num;
    } else if (v->kind != PY_STR) {
        return xm_expected(cx, what, v);
    }
    char *dup = strdup(s);
    if (!dup)
        return -1;
    free(*out);
    *out = dup;
    return 0;
}

static int get_ipv4(const struct key_def *k, const struct py_value *v,
                    struct xm_ctx *cx, char **out)
{
    struct in_addr a;
    if (v->kind != PY_STR || inet_pton(AF_INET, v->str, &a) != 1)
        return xm_expected(cx, k->what, v);
    return get_str(k->what, v, cx, out);
}

static int get_action(const struct key_def *k, const struct py_value *v,
                      struct xm_ctx *cx, enum xm_action *out)
{
    bool crash = !strcmp(k->name, "on_crash");
    const char *what = crash ? "destroy, restart, preserve, rename-restart, "
                               "coredump-destroy or coredump-restart"
                             : "destroy, restart, preserve or rename-restart";
    for (int a = XM_ACTION_DESTROY; v->kind == PY_STR &&
         a <= (crash ? XM_ACTION_COREDUMP_RESTART : XM_ACTION_RENAME_RESTART);
         a++) {
        if (!strcmp(v->str, xm_action_name((enum xm_action)a))) {
            *out = (enum xm_action)a;
            return 0;
        }
    }
    return xm_expected(cx, what, v);
}

int xm_key_apply(struct xm_domain_config *cfg, const struct py_value *v,
                 struct xm_ctx *cx)
{
    const struct key_def *k = find_key(cx->key);
    void *field = (char *)cfg + (k ? k->off : 0);
    long long n;
    if (!k)
        return -1;
    switch (k->kind) {
    case K_STR:    return get_str(k->what, v, cx, field);
    case K_IPV4:   return get_ipv4(k, v, cx, field);
    case K_BOOL:   return get_bool(k, v, cx, field);
    case K_ACTION: return get_action(k, v, cx, field);
    case K_FN:     return k->fn(cfg, v, cx);
    case K_ULONG:
        if (get_int(k, v, cx, &n) < 0)
            return -1;
        *(unsigned long *)field = (unsigned long)n;
        return 0;
    case K_UINT:
        if (get_int(k, v, cx, &n) < 0)
            return -1;
        *(unsigned *)field = (unsigned)n;
        return 0;
    case K_INT:
        if (get_int(k, v, cx, &n) < 0)
            return -1;
        *(int *)field = (int)n;
        return 0;
    }
    return -1;
}

/* ---- keys with their own rules ---------------------------------------- */

static int set_name(struct xm_domain_config *cfg, const struct py_value *v,
                    struct xm_ctx *cx)
{
    const char *what = "a domain name (printable, no blanks or '/')";
    if (v->kind != PY_STR || !*v->str || strlen(v->str) > 64)
        return xm_expected(cx, what, v);
    for (const char *p = v->str; *p; p++)
        if (!isgraph((unsigned char)*p) || *p == '/')
            return xm_expected(cx, what, v);
    return get_str(what, v, cx, &cfg->name);
}

static int set_builder(struct xm_domain_config *cfg, const struct py_value *v,
                       struct xm_ctx *cx)
{
    if (v->kind == PY_STR && !strcmp(v->str, "linux"))
        cfg->builder = XM_BUILDER_LINUX;
    else if (v->kind == PY_STR && !strcmp(v->str, "hvm"))
        cfg->builder = XM_BUILDER_HVM;
    else
        return xm_expected(cx, "'linux' (PV guest) or 'hvm'", v);
    return 0;
}

static int set_root(struct xm_domain_config *cfg, const struct py_value *v,
                    struct xm_ctx *cx)
{
    if (get_str("a root device such as '/dev/xvda1 ro'", v, cx, &cfg->root))
        return -1;
    if (!strncmp(cfg->root, "root=", 5))   /* xm strips it too */
        memmove(cfg->root, cfg->root + 5, strlen(cfg->root + 5) + 1);
    return 0;
}

static int set_dhcp(struct xm_domain_config *cfg, const struct py_value *v,
                    struct xm_ctx *cx)
{
    /* the autoconf field of Linux's ip= parameter */
    static const char *const ok[] = { "off", "none", "on", "any", "dhcp",
                                      "bootp", "rarp", "both" };
    for (size_t i = 0; v->kind == PY_STR && i < 8; i++)
        if (!strcmp(v->str, ok[i]))
            return get_str("", v, cx, &cfg->dhcp);
    return xm_expected(cx, "'dhcp' or 'off'", v);
}

static int set_boot(struct xm_domain_config *cfg, const struct py_value *v,
                    struct xm_ctx *cx)
{
    const char *what = "boot devices: letters a (floppy), c (hard disk), "
                       "d (CD-ROM), n (network), e.g. 'dc'";
    if (v->kind != PY_STR || !*v->str || strlen(v->str) > 4 ||
        strspn(v->str, "acdn") != strlen(v->str))
        return xm_expected(cx, what, v);
    return get_str(what, v, cx, &cfg->hvm.boot);
}
