/* Reading an xm domain config: Python subset -> assignments -> typed
 * struct, then the checks that need several keys at once. */
#define _POSIX_C_SOURCE 200809L
#include "cfg_file.h"
#include "cfg_grow.h"
#include "xm_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_defaults(struct xm_domain_config *cfg, const char *label)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->file = strdup(label);
    cfg->builder = XM_BUILDER_LINUX;
    cfg->memory_mib = 128;
    cfg->vcpus = 1;
    cfg->dhcp = strdup("off");
    cfg->interface = strdup("eth0");
    cfg->on_poweroff = XM_ACTION_DESTROY;
    cfg->on_reboot = XM_ACTION_RESTART;
    cfg->on_crash = XM_ACTION_RESTART;
    cfg->hvm.boot = strdup("c");
    cfg->hvm.acpi = cfg->hvm.apic = cfg->hvm.pae = true;
    cfg->hvm.vnc = true;   /* the guide: "default = 1" */
    cfg->hvm.vncdisplay = -1;
    cfg->hvm.vncunused = true;
    cfg->hvm.xen_platform_pci = 1;
}

static void note_given(struct xm_domain_config *cfg, const char *key,
                       unsigned line, bool override)
{
    for (size_t i = 0; i < cfg->n_given; i++) {
        if (!strcmp(cfg->given[i].key, key)) {
            cfg->given[i].line = line;
            cfg->given[i].override = override;
            return;
        }
    }
    struct xm_given *g = realloc(cfg->given, (cfg->n_given + 1) * sizeof(*g));
    if (!g)
        return;
    cfg->given = g;
    g[cfg->n_given].key = strdup(key);
    g[cfg->n_given].line = line;
    g[cfg->n_given].override = override;
    if (g[cfg->n_given].key)
        cfg->n_given++;
}

unsigned xm_config_given(const struct xm_domain_config *cfg, const char *key)
{
    for (size_t i = 0; i < cfg->n_given; i++)
        if (!strcmp(cfg->given[i].key, key))
            return cfg->given[i].line ? cfg->given[i].line : 1;
    return 0;
}

static int apply(struct xm_domain_config *cfg, const struct py_assign *a,
                 const char *file, struct cfg_diags *diags)
{
    struct xm_ctx cx = { file, a->name, a->line, diags };
    bool hvm_only;
    switch (xm_key_lookup(a->name, &hvm_only)) {
    case XM_KEY_UNKNOWN:
        xm_warn(&cx, "unknown key, ignored");
        return 0;
    case XM_KEY_UNSUPPORTED:
        xm_warn(&cx, "not supported by this toolstack, ignored");
        return 0;
    case XM_KEY_KNOWN:
        break;
    }
    if (a->value.kind == PY_NONE)
        return 0;   /* None: keep the default */
    if (xm_key_apply(cfg, &a->value, &cx) < 0)
        return -1;
    note_given(cfg, a->name, a->line, !strcmp(file, OVERRIDE_LABEL));
    return 0;
}

static const struct py_assign *find_assign(const struct py_file *f,
                                           const char *name, size_t from)
{
    for (size_t i = from; i < f->n; i++)
        if (!strcmp(f->v[i].name, name))
            return &f->v[i];
    return NULL;
}

struct by_name {
    const char *name;
    size_t index;
};

static int cmp_by_name(const void *a, const void *b)
{
    const struct by_name *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* next[i]: the statement that assigns f->v[i]'s name again, or NULL.
 * Sorting keeps this O(n log n) on a hostile file of many assignments. */
static const struct py_assign **next_assignments(const struct py_file *f)
{
    struct by_name *s = calloc(f->n + 1, sizeof(*s));
    const struct py_assign **next = calloc(f->n + 1, sizeof(*next));
    if (!s || !next) {
        free(s);
        free(next);
        return NULL;
    }
    for (size_t i = 0; i < f->n; i++)
        s[i] = (struct by_name){ f->v[i].name, i };
    qsort(s, f->n, sizeof(*s), cmp_by_name);
    for (size_t i = 0; i + 1 < f->n; i++)
        if (!strcmp(s[i].name, s[i + 1].name))
            next[s[i].index] = &f->v[s[i + 1].index];
    free(s);
    return next;
}

/* Python keeps the last assignment; the command line beats the file. */
static int apply_file(struct xm_domain_config *cfg, const struct py_file *f,
                      const struct py_file *ov, const char *file,
                      struct cfg_diags *diags)
{
    int rc = 0;
    const struct py_assign **next = next_assignments(f);
    if (!next)
        return -1;
    for (size_t i = 0; i < f->n; i++) {
        const struct py_assign *a = &f->v[i];
        if (next[i]) {
            cfg_diag_add(diags, CFG_WARNING, file, a->line, a->name,
                         "assigned again on line %u; the last assignment "
                         "wins", next[i]->line);
            continue;
        }
        if (!find_assign(ov, a->name, 0) && apply(cfg, a, file, diags) < 0)
            rc = -1;
    }
    free(next);
    for (size_t i = 0; i < ov->n; i++)
        if (apply(cfg, &ov->v[i], OVERRIDE_LABEL, diags) < 0)
            rc = -1;
    return rc;
}

static struct py_assign *override_slot(struct py_file *ov, const char *name,
                                       unsigned line)
{
    for (size_t i = 0; i < ov->n; i++)
        if (!strcmp(ov->v[i].name, name))
            return &ov->v[i];
    if (!cfg_grow(&ov->v, ov->n, sizeof(*ov->v)))
        return NULL;
    struct py_assign *v = ov->v;
    memset(&v[ov->n], 0, sizeof(*v));
    v[ov->n].name = strdup(name);
    v[ov->n].line = line;
    v[ov->n].value.line = line;
    return &v[ov->n++];
}

/* "key=value" from the command line: plain strings; disk and vif collect
 * into a list as xm's repeated options did. */
static int add_override(struct py_file *ov, const char *text, unsigned line,
                        struct cfg_diags *diags)
{
    const char *eq = strchr(text, '=');
    if (!eq || eq == text) {
        cfg_diag_add(diags, CFG_ERROR, OVERRIDE_LABEL, line, NULL,
                     "'%.60s' should be key=value", text);
        return -1;
    }
    char *name = strndup(text, (size_t)(eq - text));
    struct py_assign *a = name ? override_slot(ov, name, line) : NULL;
    free(name);
    if (!a)
        return -1;
    bool list = !strcmp(a->name, "disk") || !strcmp(a->name, "vif");
    struct py_value s = { .kind = PY_STR, .line = line, .str = strdup(eq + 1) };
    if (!s.str)
        return -1;
    if (!list) {
        py_value_free(&a->value);
        a->value = s;
        return 0;
    }
    if (!cfg_grow(&a->value.items, a->value.n, sizeof(*a->value.items))) {
        free(s.str);
        return -1;
    }
    a->value.kind = PY_LIST;
    a->value.items[a->value.n++] = s;
    return 0;
}

static int build(struct xm_domain_config *cfg, const char *text, size_t len,
                 const char *label, const char *const *overrides,
                 size_t n_overrides, struct cfg_diags *diags)
{
    struct py_file f = { 0 }, ov = { 0 };
    int rc = pyconf_parse(text, len, label, &f, diags);
    for (size_t i = 0; i < n_overrides && rc == 0; i++)
        rc = add_override(&ov, overrides[i], (unsigned)i + 1, diags);
    if (rc == 0)
        rc = apply_file(cfg, &f, &ov, label, diags);
    pyconf_free(&f);
    pyconf_free(&ov);
    return rc;
}

int xm_config_parse_string(const char *text, size_t len, const char *label,
                           const char *const *overrides, size_t n_overrides,
                           struct xm_domain_config *cfg,
                           struct cfg_diags *diags)
{
    set_defaults(cfg, label ? label : "<input>");
    cfg->last_line = pyconf_count_lines(text, len);
    size_t errors = cfg_diags_count(diags, CFG_ERROR);
    if (build(cfg, text, len, cfg->file, overrides, n_overrides, diags) < 0 ||
        cfg_diags_count(diags, CFG_ERROR) > errors)
        return -1;
    return xm_config_check(cfg, diags);
}

int xm_config_parse_file(const char *path, const char *const *overrides,
                         size_t n_overrides, struct xm_domain_config *cfg,
                         struct cfg_diags *diags)
{
    size_t n;
    char *buf = cfg_read_file(path, &n, diags);
    if (!buf) {
        set_defaults(cfg, path);
        return -1;
    }
    int rc = xm_config_parse_string(buf, n, path, overrides, n_overrides, cfg,
                                    diags);
    free(buf);
    return rc;
}

void xm_config_free(struct xm_domain_config *cfg)
{
    char **strs[] = {
        &cfg->file, &cfg->name, &cfg->kernel, &cfg->ramdisk, &cfg->root,
        &cfg->extra, &cfg->dhcp, &cfg->ip, &cfg->netmask, &cfg->gateway,
        &cfg->hostname, &cfg->interface, &cfg->nfs_server, &cfg->nfs_root,
        &cfg->hvm.device_model, &cfg->hvm.boot, &cfg->hvm.vnclisten,
        &cfg->hvm.vncpasswd, &cfg->hvm.serial, &cfg->hvm.usbdevice,
        &cfg->hvm.keymap, &cfg->hvm.soundhw,
    };
    for (size_t i = 0; i < sizeof(strs) / sizeof(*strs); i++)
        free(*strs[i]);
    for (size_t i = 0; i < cfg->n_disks; i++)
        xm_disk_free(&cfg->disks[i]);
    for (size_t i = 0; i < cfg->n_vifs; i++)
        xm_vif_free(&cfg->vifs[i]);
    for (size_t i = 0; i < cfg->n_given; i++)
        free(cfg->given[i].key);
    free(cfg->disks);
    free(cfg->vifs);
    free(cfg->given);
    free(cfg->cpus_per_vcpu);
    memset(cfg, 0, sizeof(*cfg));
}

bool xm_config_vcpu_affinity(const struct xm_domain_config *cfg,
                             unsigned vcpu, struct xm_cpumap *out)
{
    memset(out, 0, sizeof(*out));
    if (vcpu >= cfg->vcpus)
        return false;
    if (cfg->cpus_form == XM_CPUS_COMMON)
        *out = cfg->cpus_common;
    else if (cfg->cpus_form == XM_CPUS_PER_VCPU && vcpu < cfg->n_cpus_per_vcpu)
        *out = cfg->cpus_per_vcpu[vcpu];
    return xm_cpumap_count(out) > 0;
}

const char *xm_action_name(enum xm_action a)
{
    static const char *const names[] = {
        "destroy", "restart", "preserve", "rename-restart",
        "coredump-destroy", "coredump-restart",
    };
    return (unsigned)a < sizeof(names) / sizeof(*names) ? names[a] : "?";
}
