/* xm save / xm restore (see xend_save.h). The steps follow what Xen
 * 4.17's libxl and libxenguest do for an HVM-container guest
 * (libxl__domain_suspend, xc_sr_save_x86_hvm, xc_sr_restore_x86_hvm),
 * with our stream (save_stream.h) in place of theirs. */
#include "xend_save.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <xencall.h>

#include "cfg_diag.h"
#include "daemon_log.h"
#include "pvh_context.h"
#include "save_stream.h"
#include "xend_build.h"
#include "xend_domains.h"
#include "xend_errors.h"
#include "xend_store.h"
#include "xend_vm.h"

/* How long a guest has to suspend (libxl's LIBXL_SUSPEND_TIMEOUT... is
 * 60 s for the guest's acknowledgement and its shutdown). */
#define SUSPEND_TIMEOUT_MS 60000
#define BATCH SS_BATCH_MAX

/* The HVM params libxenguest's save writes (xc_sr_save_x86_hvm.c), when
 * not zero; the store and console event channels are the restoring
 * side's own. */
static const uint32_t saved_params[] = {
    HVM_PARAM_STORE_PFN, HVM_PARAM_IOREQ_PFN, HVM_PARAM_BUFIOREQ_PFN,
    HVM_PARAM_PAGING_RING_PFN, HVM_PARAM_MONITOR_RING_PFN, HVM_PARAM_SHARING_RING_PFN,
    HVM_PARAM_VM86_TSS_SIZED, HVM_PARAM_CONSOLE_PFN, HVM_PARAM_ACPI_IOPORTS_LOCATION,
    HVM_PARAM_VIRIDIAN, HVM_PARAM_IDENT_PT, HVM_PARAM_VM_GENERATION_ID_ADDR,
    HVM_PARAM_IOREQ_SERVER_PFN, HVM_PARAM_NR_IOREQ_SERVER_PAGES, HVM_PARAM_X87_FIP_WIDTH,
    HVM_PARAM_MCA_CAP,
};

static int file_write(void *ctx, const void *buf, size_t len)
{
    return fwrite(buf, 1, len, ctx) == len ? 0 : -(errno ? errno : EIO);
}

static int file_read(void *ctx, void *buf, size_t len)
{
    if (fread(buf, 1, len, ctx) == len)
        return 0;
    return ferror((FILE *)ctx) ? -(errno ? errno : EIO) : -EPIPE;
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)((t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000);
}

static int shutdown_state(struct xend_xen *x, uint32_t domid, int *reason)
{
    xc_domaininfo_t info;

    if (xc_domain_getinfolist(x->xch, domid, 1, &info) != 1 || info.domain != domid)
        return -ESRCH;
    *reason = info.flags & XEN_DOMINF_shutdown
            ? (int)((info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask) : -1;
    return 0;
}

/* Asks the guest to suspend (control/shutdown = suspend, as libxl asks a
 * PV-aware guest) and waits for its SHUTDOWN_suspend. */
static int suspend(struct xend_xen *x, uint32_t domid, const char *name, char **why)
{
    char path[64];
    struct timespec t0;
    int reason;

    snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/control/shutdown", domid);
    if (!xs_write(x->xs, XBT_NULL, path, "suspend", 7))
        return xend_say(why, errno, "xenstore: writing %s: %s", path, strerror(errno));
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        if (shutdown_state(x, domid, &reason))
            return xend_say(why, ESRCH, "domain %s went away while suspending", name);
        if (reason == SHUTDOWN_suspend)
            return 0;
        if (reason >= 0)
            return xend_say(why, EIO, "domain %s shut down (reason %d) instead of suspending",
                            name, reason);
        if (ms_since(&t0) > SUSPEND_TIMEOUT_MS) {
            xs_rm(x->xs, XBT_NULL, path);
            return xend_say(why, ETIMEDOUT, "domain %s did not suspend within %d s (does its "
                            "kernel have Xen save/restore support?)", name,
                            SUSPEND_TIMEOUT_MS / 1000);
        }
        nanosleep(&(struct timespec){ 0, 20 * 1000 * 1000 }, NULL);
    }
}

/* XEN_DOMCTL_resumedomain, which libxenctrl does not wrap (its
 * xc_domain_resume is libxenguest's): through libxencall. */
static int resumedomain(uint32_t domid)
{
    xencall_handle *xcall = xencall_open(NULL, 0);
    struct xen_domctl *d;
    int rc = -1;

    if (!xcall)
        return -1;
    d = xencall_alloc_buffer(xcall, sizeof(*d));
    if (d) {
        memset(d, 0, sizeof(*d));
        d->cmd = XEN_DOMCTL_resumedomain;
        d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
        d->domain = (domid_t)domid;
        rc = xencall1(xcall, __HYPERVISOR_domctl, (uint64_t)(uintptr_t)d);
        xencall_free_buffer(xcall, d);
    }
    xencall_close(xcall);
    return rc;
}

/* A save that failed after the guest suspended: the guest goes on in the
 * same domain, its suspend hypercall returning 1 ("cancelled"), as
 * libxenguest's xc_domain_resume(fast) does it: vCPU 0's RAX in the HVM
 * context, then the domain resumed. */
static void resume_cancelled(struct xend_xen *x, uint32_t domid)
{
    int size = xc_domain_hvm_getcontext(x->xch, domid, NULL, 0);
    uint8_t *ctx = size > 0 ? malloc((size_t)size) : NULL;
    bool set = false;

    if (ctx && (size = xc_domain_hvm_getcontext(x->xch, domid, ctx, (uint32_t)size)) > 0) {
        /* The record lies in our own buffer: writable. */
        struct hvm_hw_cpu *cpu = (struct hvm_hw_cpu *)pvh_save_record(
            ctx, (size_t)size, HVM_SAVE_CODE(CPU), 0, sizeof(struct hvm_hw_cpu));

        if (cpu) {
            cpu->rax = 1;
            set = xc_domain_hvm_setcontext(x->xch, domid, ctx, (uint32_t)size) == 0;
        }
    }
    free(ctx);
    if (!set || resumedomain(domid) < 0 || xc_domain_unpause(x->xch, domid) < 0)
        daemon_log(DLOG_ERR, (int)domid, "the suspended domain could not be resumed: %m");
    else
        daemon_log(DLOG_INFO, (int)domid, "the domain resumed where it suspended");
}

static bool all_zero(const uint8_t *p)
{
    const uint64_t *w = (const uint64_t *)p;

    for (size_t i = 0; i < SS_PAGE_SIZE / 8; i++)
        if (w[i])
            return false;
    return true;
}

/* Every GFN up to max that maps, in batches; zero pages by kind only. */
static int save_memory(struct xend_xen *x, uint32_t domid, xen_pfn_t max, struct ss_writer *w,
                       uint64_t *pages, char **why)
{
    static xen_pfn_t gfn[BATCH];
    static int err[BATCH];
    static uint64_t word[BATCH];
    uint8_t *data = malloc((size_t)BATCH * SS_PAGE_SIZE);
    int rc = 0;

    if (!data)
        return xend_say(why, ENOMEM, "out of memory");
    for (xen_pfn_t base = 0; base <= max && !rc; base += BATCH) {
        uint32_t n = (uint32_t)(max + 1 - base < BATCH ? max + 1 - base : BATCH), k = 0, d = 0;
        uint8_t *m;

        for (uint32_t i = 0; i < n; i++)
            gfn[i] = base + i;
        m = xenforeignmemory_map(x->fmem, domid, PROT_READ, n, gfn, err);
        if (!m) {
            rc = xend_say(why, errno, "xenforeignmemory_map of GFNs %#" PRIx64 "-%#" PRIx64
                          ": %s", (uint64_t)base, (uint64_t)(base + n - 1), strerror(errno));
            break;
        }
        for (uint32_t i = 0; i < n; i++) {
            const uint8_t *p = m + (size_t)i * SS_PAGE_SIZE;

            if (err[i])
                continue;           /* a hole, or ballooned out */
            if (all_zero(p)) {
                word[k++] = gfn[i] | (uint64_t)SS_PAGE_ZERO << 60;
            } else {
                word[k++] = gfn[i];
                memcpy(data + (size_t)d++ * SS_PAGE_SIZE, p, SS_PAGE_SIZE);
            }
        }
        xenforeignmemory_unmap(x->fmem, m, n);
        if (k && (rc = ss_write_pages(w, word, k, data)))
            rc = xend_say(why, -rc, "writing pages: %s", strerror(-rc));
        *pages += k;
    }
    free(data);
    return rc;
}

/* The guest's own nodes worth keeping: memory/target, control/feature-*,
 * and everything under data/ (depth-first, a bounded number). */
struct nodes {
    char **path, **value;
    uint32_t *vlen;
    uint32_t n;
};

/* rel's value read from abs and kept. */
static void nodes_add(struct xend_xen *x, struct nodes *s, const char *rel, const char *abs)
{
    unsigned len = 0;
    char *value = xs_read(x->xs, XBT_NULL, abs, &len);

    if (s->n >= 1024 || !value)
        goto drop;
    s->path = realloc(s->path, (s->n + 1) * sizeof(char *));
    s->value = realloc(s->value, (s->n + 1) * sizeof(char *));
    s->vlen = realloc(s->vlen, (s->n + 1) * sizeof(uint32_t));
    if (!s->path || !s->value || !s->vlen || !(s->path[s->n] = strdup(rel)))
        goto drop;
    s->value[s->n] = value;
    s->vlen[s->n++] = len;
    return;
drop:
    free(value);
}

static void nodes_walk(struct xend_xen *x, const char *home, const char *rel, int depth,
                       struct nodes *s)
{
    char *abs = NULL, **kids;
    unsigned n;

    if (depth > 8 || asprintf(&abs, "%s/%s", home, rel) < 0)
        return;
    nodes_add(x, s, rel, abs);
    kids = xs_directory(x->xs, XBT_NULL, abs, &n);
    for (unsigned i = 0; kids && i < n; i++) {
        char *sub = NULL;

        if (asprintf(&sub, "%s/%s", rel, kids[i]) >= 0)
            nodes_walk(x, home, sub, depth + 1, s);
        free(sub);
    }
    free(kids);
    free(abs);
}

static void nodes_free(struct nodes *s)
{
    for (uint32_t i = 0; i < s->n; i++) {
        free(s->path[i]);
        free(s->value[i]);
    }
    free(s->path);
    free(s->value);
    free(s->vlen);
}

static int save_xenstore(struct xend_xen *x, uint32_t domid, struct ss_writer *w, char **why)
{
    char home[48], path[160], **kids;
    struct nodes s = { 0 };
    unsigned n;
    int rc;

    snprintf(home, sizeof(home), "/local/domain/%" PRIu32, domid);
    snprintf(path, sizeof(path), "%s/memory/target", home);
    nodes_add(x, &s, "memory/target", path);
    snprintf(path, sizeof(path), "%s/control", home);
    kids = xs_directory(x->xs, XBT_NULL, path, &n);
    for (unsigned i = 0; kids && i < n; i++)
        if (!strncmp(kids[i], "feature-", 8)) {
            char rel[96];

            snprintf(rel, sizeof(rel), "control/%s", kids[i]);
            snprintf(path, sizeof(path), "%s/%s", home, rel);
            nodes_add(x, &s, rel, path);
        }
    free(kids);
    snprintf(path, sizeof(path), "%s/data", home);
    kids = xs_directory(x->xs, XBT_NULL, path, &n);
    for (unsigned i = 0; kids && i < n; i++) {
        char rel[96];

        snprintf(rel, sizeof(rel), "data/%s", kids[i]);
        nodes_walk(x, home, rel, 1, &s);
    }
    free(kids);
    rc = ss_write_xenstore(w, (const char *const *)s.path, (const char *const *)s.value,
                           s.vlen, s.n);
    nodes_free(&s);
    return rc ? xend_say(why, -rc, "writing xenstore nodes: %s", strerror(-rc)) : 0;
}

/* The suspended domain into the stream. */
static int write_stream(struct xend_xen *x, uint32_t domid, const char *record,
                        struct ss_writer *w, uint64_t *pages, char **why)
{
    xc_domaininfo_t info;
    xen_pfn_t max;
    struct ss_param p[sizeof(saved_params) / sizeof(saved_params[0])];
    struct ss_tsc_info t;
    uint32_t np = 0;
    uint8_t *ctx = NULL;
    int size, rc;

    if (xc_domain_getinfolist(x->xch, domid, 1, &info) != 1 || info.domain != domid)
        return xend_say(why, ESRCH, "xc_domain_getinfolist: %s", strerror(errno));
    if (xc_domain_maximum_gpfn(x->xch, domid, &max) < 0)
        return xend_say(why, errno, "xc_domain_maximum_gpfn: %s", strerror(errno));
    {
        struct ss_header h = {
            .version = SS_VERSION, .domain_type = SS_DOMAIN_PVH,
            .max_vcpus = info.max_vcpu_id + 1, .page_shift = SS_PAGE_SHIFT,
            .max_pfn = (uint64_t)max + 1,
            .max_mem_kb = info.max_pages * (SS_PAGE_SIZE / 1024),
            .config = record, .config_len = (uint32_t)strlen(record),
        };

        memcpy(h.uuid, info.handle, sizeof(h.uuid));
        if ((rc = ss_write_magic(w)) || (rc = ss_write_header(w, &h)))
            return xend_say(why, -rc, "writing the header: %s", strerror(-rc));
    }
    if (xc_domain_get_tsc_info(x->xch, domid, &t.mode, &t.nsec, &t.khz, &t.incarnation) < 0)
        return xend_say(why, errno, "xc_domain_get_tsc_info: %s", strerror(errno));
    if ((rc = ss_write_tsc_info(w, &t)))
        return xend_say(why, -rc, "writing tsc-info: %s", strerror(-rc));
    if ((rc = save_memory(x, domid, max, w, pages, why)))
        return rc;
    size = xc_domain_hvm_getcontext(x->xch, domid, NULL, 0);
    if (size <= 0 || !(ctx = malloc((size_t)size)) ||
        (size = xc_domain_hvm_getcontext(x->xch, domid, ctx, (uint32_t)size)) <= 0) {
        free(ctx);
        return xend_say(why, errno ? errno : ENOMEM, "xc_domain_hvm_getcontext: %s",
                        strerror(errno ? errno : ENOMEM));
    }
    rc = ss_write_record(w, SS_HVM_CONTEXT, ctx, (uint32_t)size);
    free(ctx);
    if (rc)
        return xend_say(why, -rc, "writing hvm-context: %s", strerror(-rc));
    for (size_t i = 0; i < sizeof(saved_params) / sizeof(saved_params[0]); i++) {
        uint64_t v;

        if (xc_hvm_param_get(x->xch, domid, saved_params[i], &v) < 0)
            return xend_say(why, errno, "xc_hvm_param_get %u: %s", saved_params[i],
                            strerror(errno));
        if (v)
            p[np++] = (struct ss_param){ saved_params[i], v };
    }
    if ((rc = ss_write_params(w, p, np)))
        return xend_say(why, -rc, "writing hvm-params: %s", strerror(-rc));
    if ((rc = save_xenstore(x, domid, w, why)))
        return rc;
    if ((rc = ss_write_end(w)))
        return xend_say(why, -rc, "writing the end: %s", strerror(-rc));
    return 0;
}

int xend_xen_save(struct xend_xen *x, const struct xend_request *req,
                  struct sxp *out, char **why, const char **subject)
{
    const char *want = req->domains[0], *file = req->args[0], *record;
    struct ss_writer w = { file_write, NULL, 0 };
    struct timespec t0;
    uint32_t domid;
    uint64_t pages = 0;
    char *name, *tmp = NULL;
    FILE *f;
    int rc = xend_xen_find_domain(x, want, &domid, why, subject);

    if (rc)
        return rc;
    if (domid == 0)
        return xend_say(why, EPERM, "Cannot save privileged domain %s", want);
    if (!(record = xend_domains_record(domid)))
        return xend_say(why, EOPNOTSUPP, "domain %s was not created by this xend: "
                        "its configuration is unknown", want);
    if (file[0] != '/')
        return xend_say(why, EINVAL, "save: the file name must be absolute: %s", file);
    /* Written aside and renamed at the end: a failed save leaves no file. */
    if (asprintf(&tmp, "%s.tmp-xend", file) < 0)
        return -ENOMEM;
    if (!(f = fopen(tmp, "wbx"))) {
        rc = xend_say(why, errno, "%s: %s", tmp, strerror(errno));
        free(tmp);
        return rc;
    }
    name = xend_store_name(x->xs, domid);
    w.ctx = f;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    daemon_log(DLOG_INFO, (int)domid, "saving domain %s to %s", name ? name : want, file);
    if ((rc = suspend(x, domid, name ? name : want, why))) {
        fclose(f);
        unlink(tmp);
        goto out;
    }
    rc = write_stream(x, domid, record, &w, &pages, why);
    if (fclose(f) && !rc)
        rc = xend_say(why, errno, "%s: %s", tmp, strerror(errno));
    if (!rc && rename(tmp, file) < 0)
        rc = xend_say(why, errno, "rename to %s: %s", file, strerror(errno));
    if (rc) {
        unlink(tmp);
        daemon_log(DLOG_ERR, (int)domid, "save of %s failed: %s", name ? name : want,
                   *why ? *why : "?");
        resume_cancelled(x, domid);
        goto out;
    }
    daemon_log(DLOG_INFO, (int)domid, "saved domain %s: %" PRIu64 " pages, %" PRIu64
               " bytes in %ld ms", name ? name : want, pages, w.bytes, ms_since(&t0));
    if (xend_xen_destroy_domid(x, domid) < 0)
        daemon_log(DLOG_ERR, (int)domid, "xc_domain_destroy after the save: %m");
    rc = sxp_list_new(out, "domain") && sxp_push_int(out, "domid", domid) &&
         sxp_push_pair(out, "name", name ? name : want) &&
         sxp_push_int(out, "bytes", (long long)w.bytes) ? 0 : -ENOMEM;
out:
    free(name);
    free(tmp);
    return rc;
}

/* ---- restore ---- */

struct restore {
    struct xend_xen *x;
    struct ss_reader *r;
    const char *file;
    uint64_t pages;
};

static int restore_pages(struct restore *rs, uint32_t domid, const struct ss_record *rec,
                         char **why)
{
    static xen_pfn_t gfn[BATCH];
    static int err[BATCH];
    const uint8_t *pfns, *data;
    uint32_t n, d = 0;
    char msg[160];
    uint8_t *m;

    if (ss_parse_pages(rec, rs->r->max_pfn, &n, &pfns, &data, msg))
        return xend_say(why, EINVAL, "%s: record %" PRIu64 ": %s", rs->file,
                        rs->r->records, msg);
    for (uint32_t i = 0; i < n; i++)
        gfn[i] = ss_pfn_at(pfns, i) & SS_PFN_MASK;
    if (xc_domain_populate_physmap_exact(rs->x->xch, domid, n, 0, 0, gfn) < 0)
        return xend_say(why, errno, "xc_domain_populate_physmap_exact (%u pages at %#" PRIx64
                        "): %s", n, (uint64_t)gfn[0], strerror(errno));
    m = xenforeignmemory_map(rs->x->fmem, domid, PROT_READ | PROT_WRITE, n, gfn, err);
    if (!m)
        return xend_say(why, errno, "xenforeignmemory_map: %s", strerror(errno));
    for (uint32_t i = 0; i < n; i++) {
        uint8_t *p = m + (size_t)i * SS_PAGE_SIZE;

        if (err[i]) {
            xenforeignmemory_unmap(rs->x->fmem, m, n);
            return xend_say(why, -err[i], "mapping GFN %#" PRIx64 ": %s", (uint64_t)gfn[i],
                            strerror(-err[i]));
        }
        if (SS_PAGE_KIND(ss_pfn_at(pfns, i)) == SS_PAGE_ZERO)
            memset(p, 0, SS_PAGE_SIZE);
        else
            memcpy(p, data + (size_t)d++ * SS_PAGE_SIZE, SS_PAGE_SIZE);
    }
    xenforeignmemory_unmap(rs->x->fmem, m, n);
    rs->pages += n;
    return 0;
}

static int restore_xenstore(struct restore *rs, uint32_t domid, const struct ss_record *rec,
                            char **why)
{
    const char *path, *value;
    uint32_t off = 0, plen, vlen;
    char msg[160];
    int rc;

    while ((rc = ss_next_xenstore(rec, &off, &path, &plen, &value, &vlen, msg)) == 1) {
        char *abs = NULL;

        if (asprintf(&abs, "/local/domain/%" PRIu32 "/%.*s", domid, (int)plen, path) < 0)
            return -ENOMEM;
        if (!xs_write(rs->x->xs, XBT_NULL, abs, value, vlen)) {
            rc = xend_say(why, errno, "xenstore: writing %s: %s", abs, strerror(errno));
            free(abs);
            return rc;
        }
        free(abs);
    }
    return rc ? xend_say(why, EINVAL, "%s: record %" PRIu64 ": %s", rs->file,
                         rs->r->records, msg) : 0;
}

/* Everything after the header, into the new domain: pages as they come,
 * the rest kept for the end (libxenguest's order: TSC, pages, then the
 * HVM context and params once every page is in). */
static int fill(void *ctx, uint32_t domid, uint32_t store_port, uint32_t console_port,
                char **why)
{
    struct restore *rs = ctx;
    struct ss_record rec;
    struct ss_param p[SS_PARAMS_MAX];
    uint32_t np = 0;
    uint8_t *hvm = NULL;
    uint32_t hvm_len = 0;
    char msg[160];
    int rc;

    while ((rc = ss_read_record(rs->r, &rec)) == 1) {
        rc = 0;
        switch (rec.type) {
        case SS_PAGES:
            rc = restore_pages(rs, domid, &rec, why);
            break;
        case SS_TSC_INFO: {
            struct ss_tsc_info t;

            if (ss_parse_tsc_info(&rec, &t, msg))
                rc = xend_say(why, EINVAL, "%s: %s", rs->file, msg);
            else if (xc_domain_set_tsc_info(rs->x->xch, domid, t.mode, t.nsec, t.khz,
                                            t.incarnation) < 0)
                rc = xend_say(why, errno, "xc_domain_set_tsc_info: %s", strerror(errno));
            break;
        }
        case SS_HVM_CONTEXT:
            free(hvm);
            if (!(hvm = malloc(rec.len ? rec.len : 1)))
                rc = -ENOMEM;
            else
                memcpy(hvm, rec.body, hvm_len = rec.len);
            break;
        case SS_HVM_PARAMS:
            if (ss_parse_params(&rec, p, SS_PARAMS_MAX, &np, msg))
                rc = xend_say(why, EINVAL, "%s: %s", rs->file, msg);
            break;
        case SS_XENSTORE:
            rc = restore_xenstore(rs, domid, &rec, why);
            break;
        }
        if (rc)
            break;
    }
    if (rc < 0) {
        if (!*why)
            rc = xend_say(why, -rc, "%s: %s", rs->file, rs->r->why[0] ? rs->r->why : strerror(-rc));
        goto out;
    }
    if (!hvm) {
        rc = xend_say(why, EINVAL, "%s: no hvm-context record", rs->file);
        goto out;
    }
    for (uint32_t i = 0; i < np; i++)
        if (xc_hvm_param_set(rs->x->xch, domid, p[i].index, p[i].value) < 0) {
            rc = xend_say(why, errno, "xc_hvm_param_set %u: %s", p[i].index, strerror(errno));
            goto out;
        }
    if (xc_hvm_param_set(rs->x->xch, domid, HVM_PARAM_STORE_EVTCHN, store_port) < 0 ||
        xc_hvm_param_set(rs->x->xch, domid, HVM_PARAM_CONSOLE_EVTCHN, console_port) < 0) {
        rc = xend_say(why, errno, "xc_hvm_param_set: %s", strerror(errno));
        goto out;
    }
    if (xc_domain_hvm_setcontext(rs->x->xch, domid, hvm, hvm_len) < 0)
        rc = xend_say(why, errno, "xc_domain_hvm_setcontext: %s", strerror(errno));
out:
    free(hvm);
    return rc;
}

int xend_xen_restore(struct xend_xen *x, const struct xend_request *req,
                     struct sxp *out, char **why)
{
    const char *file = req->args[0];
    struct ss_reader r;
    struct ss_record rec;
    struct ss_header h;
    struct restore rs = { .x = x, .r = &r, .file = file };
    struct xend_vm_spec s;
    struct sxp doc = { 0 };
    struct cfg_diags diags = { 0 };
    struct timespec t0;
    uint32_t domid;
    char msg[160];
    FILE *f;
    int rc;

    if (file[0] != '/')
        return xend_say(why, EINVAL, "restore: the file name must be absolute: %s", file);
    if (!(f = fopen(file, "rb")))
        return xend_say(why, errno, "%s: %s", file, strerror(errno));
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ss_reader_init(&r, file_read, f);
    if ((rc = ss_read_magic(&r)) || (rc = ss_read_record(&r, &rec)) < 0) {
        rc = xend_say(why, rc == -EPIPE || rc == -EINVAL ? EINVAL : -rc, "%s: %s", file, r.why);
        goto out;
    }
    if (rc == 0 || ss_parse_header(&rec, &h, msg)) {
        rc = xend_say(why, EINVAL, "%s: %s", file, rc ? msg : "no header");
        goto out;
    }
    rc = sxp_parse(h.config, h.config_len, file, &doc, &diags);
    if (rc < 0 || doc.n != 1 || !sxp_name(&doc.items[0]) || strcmp(sxp_name(&doc.items[0]), "vm")) {
        rc = xend_say(why, EINVAL, "%s: the header's domain config is not one (vm ...) record",
                      file);
        goto out;
    }
    if ((rc = xend_vm_spec_parse(&doc.items[0], &s, why)))
        goto out;
    if (!(rc = xend_xen_name_free(x, s.name, why)))
        rc = xend_build_restore(x, &s, h.uuid, h.max_mem_kb, fill, &rs, &domid, why);
    if (rc == 0) {
        daemon_log(DLOG_INFO, (int)domid, "restored domain %s (id %" PRIu32 ") from %s: %"
                   PRIu64 " pages in %ld ms", s.name, domid, file, rs.pages, ms_since(&t0));
        xend_domains_add(x, domid, &doc.items[0]);
        rc = sxp_list_new(out, "domain") && sxp_push_int(out, "domid", domid) &&
             sxp_push_pair(out, "name", s.name) ? 0 : -ENOMEM;
    }
    xend_vm_spec_free(&s);
out:
    cfg_diags_free(&diags);
    sxp_free(&doc);
    ss_reader_free(&r);
    fclose(f);
    return rc;
}
