/* Checks that involve several keys, run once the whole file is read. Each
 * complaint points at the line of the key it is about. */
#define _POSIX_C_SOURCE 200809L
#include "xm_internal.h"

#include <stdio.h>
#include <string.h>

static struct xm_ctx at(const struct xm_domain_config *cfg, const char *key,
                        struct cfg_diags *diags)
{
    struct xm_ctx cx = { cfg->file, key, xm_config_given(cfg, key), diags };
    for (size_t i = 0; i < cfg->n_given; i++)
        if (!strcmp(cfg->given[i].key, key) && cfg->given[i].override)
            cx.file = OVERRIDE_LABEL;
    return cx;
}

static void check_required(const struct xm_domain_config *cfg,
                           struct cfg_diags *diags)
{
    /* A missing key is reported where the file ends: file:line says
     * which file was read and how far. */
    struct xm_ctx cx = at(cfg, "name", diags);
    const char *where = cfg->last_line ? "by the end of the file"
                                       : "(the file is empty)";
    if (!cx.line)
        cx.line = cfg->last_line;
    if (!cfg->name)
        xm_error(&cx, "not set %s: every domain needs a unique name", where);
    cx = at(cfg, "kernel", diags);
    if (!cx.line)
        cx.line = cfg->last_line;
    if (!cfg->kernel)
        xm_error(&cx, "not set %s: a %s guest needs a kernel image", where,
                 cfg->builder == XM_BUILDER_HVM ? "HVM ('hvmloader')"
                                                : "PV (builder 'linux')");
}

/* xend: "vcpus and the item number of cpus are not same". */
static void check_cpus(const struct xm_domain_config *cfg,
                       struct cfg_diags *diags)
{
    struct xm_ctx cx = at(cfg, "cpus", diags);
    if (cfg->cpus_form == XM_CPUS_PER_VCPU &&
        cfg->n_cpus_per_vcpu != cfg->vcpus)
        xm_error(&cx, "a list of %u entries gives one entry per virtual CPU, "
                 "but vcpus = %u", cfg->n_cpus_per_vcpu, cfg->vcpus);
}

static void check_memory(const struct xm_domain_config *cfg,
                         struct cfg_diags *diags)
{
    struct xm_ctx cx = at(cfg, "maxmem", diags);
    if (cfg->maxmem_mib && cfg->maxmem_mib < cfg->memory_mib)
        xm_error(&cx, "maxmem (%lu MiB) is below memory (%lu MiB)",
                 cfg->maxmem_mib, cfg->memory_mib);
}

static void check_nfs(const struct xm_domain_config *cfg,
                      struct cfg_diags *diags)
{
    struct xm_ctx cx = at(cfg, "nfs_root", diags);
    if (cfg->nfs_root && !cfg->nfs_server)
        xm_error(&cx, "needs nfs_server too (the NFS server's address)");
    if (cfg->nfs_root && cfg->nfs_root[0] != '/')
        xm_error(&cx, "expected an absolute path, got '%.60s'", cfg->nfs_root);
}

static void check_disks(const struct xm_domain_config *cfg,
                        struct cfg_diags *diags)
{
    struct xm_ctx cx = at(cfg, "disk", diags);
    for (size_t i = 0; i < cfg->n_disks; i++)
        for (size_t j = 0; j < i; j++)
            if (cfg->disks[i].vdev && cfg->disks[j].vdev &&
                !strcmp(cfg->disks[i].vdev, cfg->disks[j].vdev))
                xm_error(&cx, "entries %zu and %zu both use device '%s'",
                         j + 1, i + 1, cfg->disks[i].vdev);
}

/* Keys that would silently do nothing deserve a word. */
static void check_relevance(const struct xm_domain_config *cfg,
                            struct cfg_diags *diags)
{
    static const char *const pv_only[] = {
        "root", "extra", "ip", "netmask", "gateway", "hostname", "dhcp",
        "nfs_server", "nfs_root", "ramdisk",
    };
    bool hvm = cfg->builder == XM_BUILDER_HVM, hvm_only;
    for (size_t i = 0; i < cfg->n_given; i++) {
        struct xm_ctx cx = at(cfg, cfg->given[i].key, diags);
        xm_key_lookup(cfg->given[i].key, &hvm_only);
        if (hvm_only && !hvm)
            xm_warn(&cx, "only used by HVM guests (builder = 'hvm'), ignored");
        for (size_t j = 0; hvm && j < sizeof(pv_only) / sizeof(*pv_only); j++)
            if (!strcmp(cfg->given[i].key, pv_only[j]))
                xm_warn(&cx, "only used by PV guests (the kernel command "
                        "line), ignored for builder = 'hvm'");
    }
    struct xm_ctx cx = at(cfg, "sdl", diags);
    if (hvm && cfg->hvm.sdl && cfg->hvm.vnc)
        xm_warn(&cx, "sdl and vnc are both enabled; the guide says to "
                "enable only one of them");
}

int xm_config_check(struct xm_domain_config *cfg, struct cfg_diags *diags)
{
    size_t errors = cfg_diags_count(diags, CFG_ERROR);
    check_required(cfg, diags);
    check_cpus(cfg, diags);
    check_memory(cfg, diags);
    check_nfs(cfg, diags);
    check_disks(cfg, diags);
    check_relevance(cfg, diags);
    return cfg_diags_count(diags, CFG_ERROR) > errors ? -1 : 0;
}
