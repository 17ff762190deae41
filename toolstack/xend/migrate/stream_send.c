/* The sending side of a stream (see stream_send.h). The steps follow
 * what Xen 4.17's libxl and libxenguest do for an HVM-container guest
 * (libxl__domain_suspend, xc_sr_save.c, xc_sr_save_x86_hvm.c), with our
 * stream (save_stream.h) in place of theirs. */
#include "stream_send.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <xencall.h>

#include "daemon_log.h"
#include "xend_clock.h"
#include "pvh_context.h"
#include "xend_errors.h"

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
        if (xend_ms_since(&t0) > SUSPEND_TIMEOUT_MS) {
            xs_rm(x->xs, XBT_NULL, path);
            /* It may have suspended just now: then it is, and says so. */
            if (!shutdown_state(x, domid, &reason) && reason == SHUTDOWN_suspend)
                return 0;
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
void stream_send_resume(struct xend_xen *x, uint32_t domid)
{
    uint32_t size;
    uint8_t *ctx = xend_xen_hvm_context(x, domid, &size);
    bool set = false;

    if (ctx) {
        /* The record lies in our own buffer: writable. */
        struct hvm_hw_cpu *cpu = (struct hvm_hw_cpu *)pvh_save_record(
            ctx, size, HVM_SAVE_CODE(CPU), 0, sizeof(struct hvm_hw_cpu));

        if (cpu) {
            cpu->rax = 1;
            set = xc_domain_hvm_setcontext(x->xch, domid, ctx, size) == 0;
        }
    }
    free(ctx);
    /* As libxenguest's xc_domain_resume(fast): resumedomain alone, which
     * lifts the suspend (the domain was never paused by xend). */
    if (!set || resumedomain(domid) < 0)
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

/* A batch of GFNs into one pages record; those that do not map (holes,
 * ballooned out) are left out, all-zero pages sent by kind only. */
static int send_batch(struct xend_xen *x, uint32_t domid, xen_pfn_t *gfn, uint32_t n,
                      uint8_t *data, struct ss_writer *w, uint64_t *sent, char **why)
{
    static int err[BATCH];
    static uint64_t word[BATCH];
    uint32_t k = 0, d = 0;
    uint8_t *m = xenforeignmemory_map(x->fmem, domid, PROT_READ, n, gfn, err);
    int rc = 0;

    if (!m)
        return xend_say(why, errno, "xenforeignmemory_map of %u GFNs from %#" PRIx64 ": %s",
                        n, (uint64_t)gfn[0], strerror(errno));
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *p = m + (size_t)i * SS_PAGE_SIZE;

        if (err[i])
            continue;
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
    *sent += k;
    return rc;
}

#define BITS_PER_WORD (8 * sizeof(unsigned long))

/* Every GFN up to max (dirty NULL), or those set in dirty, in batches. */
static int send_memory(struct xend_xen *x, uint32_t domid, xen_pfn_t max,
                       const unsigned long *dirty, struct ss_writer *w, uint64_t *sent,
                       char **why)
{
    static xen_pfn_t gfn[BATCH];
    uint8_t *data = malloc((size_t)BATCH * SS_PAGE_SIZE);
    uint32_t n = 0;
    int rc = 0;

    if (!data)
        return xend_say(why, ENOMEM, "out of memory");
    for (xen_pfn_t pfn = 0; pfn <= max && !rc; pfn++) {
        if (dirty && !(dirty[pfn / BITS_PER_WORD] >> (pfn % BITS_PER_WORD) & 1))
            continue;
        gfn[n++] = pfn;
        if (n == BATCH) {
            rc = send_batch(x, domid, gfn, n, data, w, sent, why);
            n = 0;
        }
    }
    if (!rc && n)
        rc = send_batch(x, domid, gfn, n, data, w, sent, why);
    free(data);
    return rc;
}

/* The log-dirty bitmap: the pages dirtied since the last call, cleared. */
static int take_dirty(struct xend_xen *x, uint32_t domid, xen_pfn_t max,
                      xc_hypercall_buffer_t *bitmap, uint64_t *count, char **why)
{
    xc_shadow_op_stats_t stats;

    if (xc_logdirty_control(x->xch, domid, XEN_DOMCTL_SHADOW_OP_CLEAN, bitmap,
                            (unsigned long)max + 1, 0, &stats) < 0)
        return xend_say(why, errno, "xc_logdirty_control (clean): %s", strerror(errno));
    *count = stats.dirty_count;
    return 0;
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

/* The stream's opening: the header. */
static int send_header(struct xend_xen *x, uint32_t domid, const char *record, xen_pfn_t *max,
                       struct ss_writer *w, char **why)
{
    xc_domaininfo_t info;
    int rc;

    if (xc_domain_getinfolist(x->xch, domid, 1, &info) != 1 || info.domain != domid)
        return xend_say(why, ESRCH, "xc_domain_getinfolist: %s", strerror(errno));
    if (xc_domain_maximum_gpfn(x->xch, domid, max) < 0)
        return xend_say(why, errno, "xc_domain_maximum_gpfn: %s", strerror(errno));
    if (*max >= STREAM_SEND_MAX_PFN)
        return xend_say(why, EFBIG, "the domain's highest GFN %#" PRIx64 " is beyond what a "
                        "stream carries (%#llx)", (uint64_t)*max, STREAM_SEND_MAX_PFN);
    struct ss_header h = {
        .version = SS_VERSION, .domain_type = SS_DOMAIN_PVH,
        .max_vcpus = info.max_vcpu_id + 1, .page_shift = SS_PAGE_SHIFT,
        .max_pfn = (uint64_t)*max + 1,
        .max_mem_kb = info.max_pages * (SS_PAGE_SIZE / 1024),
        .config = record, .config_len = (uint32_t)strlen(record),
    };
    memcpy(h.uuid, info.handle, sizeof(h.uuid));
    if ((rc = ss_write_magic(w)) || (rc = ss_write_header(w, &h)))
        return xend_say(why, -rc, "writing the header: %s", strerror(-rc));
    return 0;
}

/* After the last pages: the TSC facts (taken now, with the guest
 * stopped), the vCPU and platform state, HVM params, the guest's nodes,
 * the end. */
static int send_state(struct xend_xen *x, uint32_t domid, struct ss_writer *w, char **why)
{
    struct ss_param p[sizeof(saved_params) / sizeof(saved_params[0])];
    struct ss_tsc_info t;
    uint32_t np = 0;
    uint8_t *ctx;
    uint32_t size;
    int rc;

    if (xc_domain_get_tsc_info(x->xch, domid, &t.mode, &t.nsec, &t.khz, &t.incarnation) < 0)
        return xend_say(why, errno, "xc_domain_get_tsc_info: %s", strerror(errno));
    if ((rc = ss_write_tsc_info(w, &t)))
        return xend_say(why, -rc, "writing tsc-info: %s", strerror(-rc));

    if (!(ctx = xend_xen_hvm_context(x, domid, &size)))
        return xend_say(why, errno, "xc_domain_hvm_getcontext: %s", strerror(errno));
    rc = ss_write_record(w, SS_HVM_CONTEXT, ctx, size);
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

/* Pre-copy (Clark et al., NSDI 2005): every page while the guest runs,
 * then rounds of the pages it dirtied meanwhile, until few are left, the
 * rounds run out, or a round dirtied no fewer than the one before. */
static int precopy(struct xend_xen *x, uint32_t domid, xen_pfn_t max, xc_hypercall_buffer_t *b,
                   const unsigned long *dirty, struct ss_writer *w,
                   struct stream_send_stats *st, char **why)
{
    uint64_t count = UINT64_MAX, prev;
    int rc = send_memory(x, domid, max, NULL, w, &st->pages, why);

    while (!rc && st->rounds < STREAM_SEND_ROUNDS) {
        prev = count;
        if ((rc = take_dirty(x, domid, max, b, &count, why)))
            break;
        st->rounds++;
        rc = send_memory(x, domid, max, dirty, w, &st->pages, why);
        daemon_log(DLOG_DEBUG, (int)domid, "pre-copy round %u: %" PRIu64 " dirty pages",
                   st->rounds, count);
        if (count < STREAM_SEND_FEW_DIRTY || count >= prev)
            break;
    }
    return rc;
}

int stream_send(struct xend_xen *x, uint32_t domid, const char *name, const char *record,
                bool live, struct ss_writer *w, struct stream_send_stats *st, char **why)
{
    DECLARE_HYPERCALL_BUFFER(unsigned long, dirty);
    xen_pfn_t max;
    int npages = 0, rc;
    bool logdirty = false;

    *st = (struct stream_send_stats){ 0 };
    if ((rc = send_header(x, domid, record, &max, w, why)))
        return rc;
    if (live) {
        size_t words = ((size_t)max + BITS_PER_WORD) / BITS_PER_WORD;

        npages = (int)((words * sizeof(unsigned long) + XC_PAGE_SIZE - 1) / XC_PAGE_SIZE);
        if (!(dirty = xc_hypercall_buffer_alloc_pages(x->xch, dirty, npages)))
            return xend_say(why, ENOMEM, "out of memory for the dirty bitmap");
        if (xc_shadow_control(x->xch, domid, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, NULL, 0) < 0) {
            rc = xend_say(why, errno, "xc_shadow_control (enable log-dirty): %s",
                          strerror(errno));
            goto out;
        }
        logdirty = true;
        if ((rc = precopy(x, domid, max, HYPERCALL_BUFFER(dirty), dirty, w, st, why)))
            goto out;
    }
    clock_gettime(CLOCK_MONOTONIC, &st->stop_at);
    if ((rc = suspend(x, domid, name, why)))
        goto out;
    st->suspended = true;
    {
        xen_pfn_t now;      /* pages mapped above the header's max would be lost */

        if (xc_domain_maximum_gpfn(x->xch, domid, &now) < 0) {
            rc = xend_say(why, errno, "xc_domain_maximum_gpfn: %s", strerror(errno));
            goto out;
        }
        if (now > max) {
            rc = xend_say(why, EAGAIN, "the domain's memory map grew during the move "
                          "(highest GFN %#" PRIx64 ", was %#" PRIx64 ")", (uint64_t)now,
                          (uint64_t)max);
            goto out;
        }
    }
    if (live) {
        uint64_t count;

        if (!(rc = take_dirty(x, domid, max, HYPERCALL_BUFFER(dirty), &count, why)))
            rc = send_memory(x, domid, max, dirty, w, &st->last_pages, why);
    } else {
        rc = send_memory(x, domid, max, NULL, w, &st->last_pages, why);
    }
    st->pages += st->last_pages;
    if (!rc)
        rc = send_state(x, domid, w, why);
    st->stop_ms = xend_ms_since(&st->stop_at);
out:
    if (logdirty && xc_shadow_control(x->xch, domid, XEN_DOMCTL_SHADOW_OP_OFF, NULL, 0) < 0)
        daemon_log(DLOG_WARN, (int)domid, "xc_shadow_control (log-dirty off): %m");
    if (dirty)
        xc_hypercall_buffer_free_pages(x->xch, dirty, npages);
    return rc;
}
