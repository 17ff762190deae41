/* The keys that hold lists of devices or per-vCPU data: cpus (section
 * 6.4), disk and vif (sections 4.1.4, 4.2). */
#define _POSIX_C_SOURCE 200809L
#include "xm_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cpus = "spec" (every vCPU), ["spec", ...] (one per vCPU), or "" / []. */
int xm_set_cpus(struct xm_domain_config *cfg, const struct py_value *v,
                    struct xm_ctx *cx)
{
    char err[128], num[32];
    free(cfg->cpus_per_vcpu);
    cfg->cpus_per_vcpu = NULL;
    cfg->n_cpus_per_vcpu = 0;
    cfg->cpus_form = XM_CPUS_UNSET;
    if (v->kind == PY_STR || v->kind == PY_INT) {
        snprintf(num, sizeof(num), "%lld", v->num);
        if (xm_cpumap_parse(v->kind == PY_STR ? v->str : num,
                            &cfg->cpus_common, err, sizeof(err)) < 0) {
            xm_error(cx, "%s", err);
            return -1;
        }
        if (v->kind == PY_INT || strspn(v->str, " ,") != strlen(v->str))
            cfg->cpus_form = XM_CPUS_COMMON;
        return 0;
    }
    if (v->kind != PY_LIST)
        return xm_expected(cx, "a CPU list such as \"0-3,5,^1\" or [\"2\", \"8\"]",
                        v);
    if (v->n == 0)
        return 0;
    cfg->cpus_per_vcpu = calloc(v->n, sizeof(*cfg->cpus_per_vcpu));
    if (!cfg->cpus_per_vcpu)
        return -1;
    cfg->n_cpus_per_vcpu = (unsigned)v->n;
    cfg->cpus_form = XM_CPUS_PER_VCPU;
    for (size_t i = 0; i < v->n; i++) {
        const struct py_value *it = &v->items[i];
        if (it->kind != PY_STR && it->kind != PY_INT)
            return xm_expected(cx, "a list of CPU strings such as [\"2\", \"8\"]",
                            it);
        snprintf(num, sizeof(num), "%lld", it->num);
        if (xm_cpumap_parse(it->kind == PY_STR ? it->str : num,
                            &cfg->cpus_per_vcpu[i], err, sizeof(err)) < 0) {
            xm_error(cx, "entry %zu (for vCPU %zu): %s", i + 1, i, err);
            return -1;
        }
    }
    return 0;
}

/* A list of strings; a lone string counts as a list of one. */
static int each_string(const struct py_value *v, struct xm_ctx *cx,
                       const char *what, const struct py_value **items,
                       size_t *n)
{
    if (v->kind == PY_STR) {
        *items = v;
        *n = 1;
        return 0;
    }
    if (v->kind != PY_LIST)
        return xm_expected(cx, what, v);
    for (size_t i = 0; i < v->n; i++)
        if (v->items[i].kind != PY_STR)
            return xm_expected(cx, what, &v->items[i]);
    *items = v->items;
    *n = v->n;
    return 0;
}

int xm_set_disk(struct xm_domain_config *cfg, const struct py_value *v,
                    struct xm_ctx *cx)
{
    const struct py_value *items = NULL;
    size_t n = 0;
    char err[192];
    if (each_string(v, cx, "a list of disk strings such as "
                    "['phy:/dev/sda1,xvda1,w']", &items, &n) < 0)
        return -1;
    struct xm_disk *d = calloc(n ? n : 1, sizeof(*d));
    if (!d)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (xm_disk_parse(items[i].str, &d[i], err, sizeof(err)) < 0) {
            xm_error(cx, "entry %zu: %s", i + 1, err);
            rc = -1;
        }
    }
    for (size_t i = 0; i < cfg->n_disks; i++)
        xm_disk_free(&cfg->disks[i]);
    free(cfg->disks);
    cfg->disks = d;
    cfg->n_disks = n;
    return rc;
}

int xm_set_vif(struct xm_domain_config *cfg, const struct py_value *v,
                   struct xm_ctx *cx)
{
    const struct py_value *items = NULL;
    size_t n = 0;
    char err[192];
    if (each_string(v, cx, "a list of vif strings such as "
                    "['mac=00:16:3e:00:00:11, bridge=xenbr0']", &items, &n) < 0)
        return -1;
    struct xm_vif *f = calloc(n ? n : 1, sizeof(*f));
    if (!f)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (xm_vif_parse(items[i].str, &f[i], err, sizeof(err)) < 0) {
            xm_error(cx, "entry %zu: %s", i + 1, err);
            rc = -1;
        }
    }
    for (size_t i = 0; i < cfg->n_vifs; i++)
        xm_vif_free(&cfg->vifs[i]);
    free(cfg->vifs);
    cfg->vifs = f;
    cfg->n_vifs = n;
    return rc;
}
