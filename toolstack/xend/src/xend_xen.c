/* list and info from libxenctrl and xenstore (see xend_xen.h). */
#include "xend_xen.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_log.h"
#include "xend_records.h"
#include "xend_uptime.h"

/* Domains asked for at once; the list goes on from the last one seen. */
#define LIST_BATCH 256

int xend_xen_open(struct xend_xen *x)
{
    int v;

    x->xch = xc_interface_open(NULL, NULL, 0);
    if (!x->xch) {
        daemon_log(DLOG_ERR, -1, "xc_interface_open: %m");
        return -1;
    }
    v = xc_version(x->xch, XENVER_pagesize, NULL);
    x->page_size = v > 0 ? (unsigned long)v : 4096;
    x->fmem = xenforeignmemory_open(NULL, 0);
    if (!x->fmem)
        daemon_log(DLOG_WARN, -1, "xenforeignmemory_open: %m (no domains can be built)");
    x->xs = xs_open(0);
    if (!x->xs)
        daemon_log(DLOG_WARN, -1, "xs_open: %m (domain names unknown)");
    return 0;
}

void xend_xen_close(struct xend_xen *x)
{
    if (x->xs)
        xs_close(x->xs);
    if (x->fmem)
        xenforeignmemory_close(x->fmem);
    if (x->xch)
        xc_interface_close(x->xch);
    x->fmem = NULL;
    x->xs = NULL;
    x->xch = NULL;
}

static char *errmsg(const char *what)
{
    char *s;
    if (asprintf(&s, "%s: %s", what, strerror(errno)) < 0)
        return NULL;
    return s;
}

/* Every domain, in domid order; *n set. NULL with errno on failure. */
static xc_domaininfo_t *all_domains(struct xend_xen *x, size_t *n)
{
    xc_domaininfo_t *v = NULL, *t;
    uint32_t first = 0;
    int got;

    *n = 0;
    do {
        t = realloc(v, (*n + LIST_BATCH) * sizeof(*v));
        if (!t) {
            free(v);
            errno = ENOMEM;
            return NULL;
        }
        v = t;
        got = xc_domain_getinfolist(x->xch, first, LIST_BATCH, v + *n);
        if (got < 0) {
            free(v);
            return NULL;
        }
        *n += (size_t)got;
        if (got)
            first = v[*n - 1].domain + 1u;
    } while (got == LIST_BATCH && first < DOMID_FIRST_RESERVED);
    return v;
}

/* The name xend gave the domain (xenstore), else Xen 4.1's fallback. */
static char *domain_name(struct xend_xen *x, uint32_t domid)
{
    char path[64], *name = NULL;
    unsigned int len;

    if (x->xs) {
        snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/name", domid);
        name = xs_read(x->xs, XBT_NULL, path, &len);
    }
    if (!name && asprintf(&name, domid ? "Domain-%" PRIu32 : "Domain-0", domid) < 0)
        return NULL;
    return name;
}

static bool matches(const xc_domaininfo_t *d, const char *name, const char *want)
{
    char id[16];
    snprintf(id, sizeof(id), "%u", d->domain);
    return !strcmp(want, name) || !strcmp(want, id);
}

int xend_xen_list(struct xend_xen *x, const struct xend_request *req,
                  struct sxp *out, char **why, const char **subject)
{
    size_t n;
    xc_domaininfo_t *doms = all_domains(x, &n);
    char **names;
    int rc = 0;

    *why = NULL;
    *subject = NULL;
    if (!doms) {
        *why = errmsg("xc_domain_getinfolist");
        return -errno;
    }
    names = calloc(n ? n : 1, sizeof(*names));
    if (!names || !sxp_list_new(out, "domains")) {
        free(doms);
        free(names);
        return -ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        names[i] = domain_name(x, doms[i].domain);

    /* Asked-for domains come in the order asked, as xm 4.1 printed them. */
    for (size_t k = 0; rc == 0 && k < (req->n_domains ? req->n_domains : n); k++) {
        size_t i = k;
        if (req->n_domains) {
            for (i = 0; i < n && !matches(&doms[i], names[i] ? names[i] : "", req->domains[k]); i++)
                ;
            if (i == n) {
                *subject = req->domains[k];
                if (asprintf(why, "Domain '%s' does not exist.", req->domains[k]) < 0)
                    *why = NULL;
                rc = -ESRCH;
                break;
            }
        }
        struct sxp rec;
        if (!xend_domain_record(&doms[i], names[i] ? names[i] : "", x->page_size, &rec) ||
            !xend_uptime_push(x, &rec) || !sxp_push_list(out, &rec))
            rc = -ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(doms);
    if (rc)
        sxp_free(out);
    return rc;
}

int xend_xen_find(struct xend_xen *x, const char *want, uint32_t *domid, char **why)
{
    size_t n;
    xc_domaininfo_t *doms = all_domains(x, &n);
    int rc = -ESRCH;

    *why = NULL;
    if (!doms) {
        *why = errmsg("xc_domain_getinfolist");
        return -errno;
    }
    for (size_t i = 0; rc && i < n; i++) {
        char *name = domain_name(x, doms[i].domain);
        if (matches(&doms[i], name ? name : "", want)) {
            *domid = doms[i].domain;
            rc = 0;
        }
        free(name);
    }
    free(doms);
    return rc;
}

static unsigned count_bits(const uint8_t *map, int bytes)
{
    unsigned n = 0;
    for (int i = 0; i < bytes; i++)
        n += (unsigned)__builtin_popcount(map[i]);
    return n;
}

/* The version strings; fixed arrays from xen/version.h, terminated here
 * in case Xen filled them to the end. */
struct versions {
    xen_extraversion_t extra;
    xen_capabilities_info_t caps;
    xen_changeset_info_t changeset;
    xen_commandline_t cmdline;
    xen_platform_parameters_t params;
};

static int read_versions(struct xend_xen *x, struct xend_node_facts *f,
                         struct versions *v)
{
    int ver = xc_version(x->xch, XENVER_version, NULL);

    memset(v, 0, sizeof(*v));
    if (ver < 0 ||
        xc_version(x->xch, XENVER_extraversion, v->extra) < 0 ||
        xc_version(x->xch, XENVER_capabilities, v->caps) < 0 ||
        xc_version(x->xch, XENVER_changeset, v->changeset) < 0 ||
        xc_version(x->xch, XENVER_commandline, v->cmdline) < 0 ||
        xc_version(x->xch, XENVER_platform_parameters, &v->params) < 0 ||
        xc_version(x->xch, XENVER_compile_info, &f->cc) < 0)
        return -1;
    v->extra[sizeof(v->extra) - 1] = v->caps[sizeof(v->caps) - 1] = '\0';
    v->changeset[sizeof(v->changeset) - 1] = v->cmdline[sizeof(v->cmdline) - 1] = '\0';
    f->cc.compiler[sizeof(f->cc.compiler) - 1] = '\0';
    f->cc.compile_by[sizeof(f->cc.compile_by) - 1] = '\0';
    f->cc.compile_domain[sizeof(f->cc.compile_domain) - 1] = '\0';
    f->cc.compile_date[sizeof(f->cc.compile_date) - 1] = '\0';
    f->major = ver >> 16;
    f->minor = ver & 0xffff;
    f->extra = v->extra;
    f->caps = v->caps;
    f->changeset = v->changeset;
    f->cmdline = v->cmdline;
    f->virt_start = (unsigned long)v->params.virt_start;
    return 0;
}

int xend_xen_info(struct xend_xen *x, struct sxp *out, char **why)
{
    struct xend_node_facts f = { .page_size = x->page_size,
                                 .xend_config_format = x->xend_config_format };
    struct versions v;
    xc_cputopo_t *topo = NULL;
    xc_meminfo_t *mem = NULL;
    uint32_t *dist = NULL;
    uint64_t *dma32 = NULL;
    unsigned ncpu, nnode;
    const char *what = NULL;
    int rc = 0;

    *why = NULL;
    uname(&f.uts);
    if (xc_physinfo(x->xch, &f.phys) < 0) {
        what = "xc_physinfo";
        goto fail;
    }
    ncpu = f.phys.max_cpu_id + 1;
    nnode = f.phys.max_node_id + 1;
    topo = calloc(ncpu, sizeof(*topo));
    mem = calloc(nnode, sizeof(*mem));
    dist = calloc((size_t)nnode * nnode, sizeof(*dist));
    dma32 = calloc(nnode, sizeof(*dma32));
    if (!topo || !mem || !dist || !dma32) {
        errno = ENOMEM;
        what = "xend";
        goto fail;
    }
    if (xc_cputopoinfo(x->xch, &ncpu, topo) < 0) {
        what = "xc_cputopoinfo";
        goto fail;
    }
    if (xc_numainfo(x->xch, &nnode, mem, dist) < 0) {
        what = "xc_numainfo";
        goto fail;
    }
    for (unsigned i = 0; i < nnode; i++)
        if (xc_availheap(x->xch, 0, 32, (int)i, &dma32[i]) < 0) {
            what = "xc_availheap";
            goto fail;
        }
    f.topo = topo;
    f.n_topo = ncpu;
    f.mem = mem;
    f.dma32_free = dma32;
    f.n_nodes = nnode;

    xc_cpumap_t freemap = xc_cpupool_freeinfo(x->xch);
    if (!freemap) {
        what = "xc_cpupool_freeinfo";
        goto fail;
    }
    f.free_cpus = count_bits(freemap, xc_get_cpumap_size(x->xch));
    free(freemap);
    if (xc_sched_id(x->xch, &f.sched_id) < 0) {
        what = "xc_sched_id";
        goto fail;
    }
    if (read_versions(x, &f, &v) < 0) {
        what = "xc_version";
        goto fail;
    }
    if (!xend_node_record(&f, out))
        rc = -ENOMEM;
    goto done;
fail:
    rc = errno ? -errno : -EIO;
    *why = errmsg(what);
done:
    free(topo);
    free(mem);
    free(dist);
    free(dma32);
    return rc;
}

uint8_t *xend_xen_hvm_context(struct xend_xen *x, uint32_t domid, uint32_t *size)
{
    int n = xc_domain_hvm_getcontext(x->xch, domid, NULL, 0);
    uint8_t *ctx;

    if (n <= 0) {
        errno = errno ? errno : EINVAL;
        return NULL;
    }
    if (!(ctx = calloc(1, (size_t)n)))
        return NULL;
    if ((n = xc_domain_hvm_getcontext(x->xch, domid, ctx, (uint32_t)n)) <= 0) {
        int e = errno ? errno : EINVAL;

        free(ctx);
        errno = e;
        return NULL;
    }
    *size = (uint32_t)n;
    return ctx;
}
