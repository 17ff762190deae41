/* The receiving side of a stream (see stream_receive.h): libxenguest's
 * restore order (xc_sr_restore.c, xc_sr_restore_x86_hvm.c): TSC facts and
 * pages as they come, the HVM context and params once every page is in. */
#include "stream_receive.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "cfg_diag.h"
#include "daemon_log.h"
#include "xend_clock.h"
#include "xend_build.h"
#include "xend_domains.h"
#include "xend_errors.h"
#include "xend_vm.h"

#define BATCH SS_BATCH_MAX
/* The largest guest a stream may describe (1 TiB): its populated-page
 * bitmap is then 32 MiB. */
#define MAX_PFN_ACCEPTED (1ull << 28)


struct restore {
    struct xend_xen *x;
    struct ss_reader *r;
    struct stream_receive *sr;
    const char *file;           /* the source, for messages */
    unsigned long *populated;   /* a bit per PFN below the header's max */
};

#define BITS_PER_WORD (8 * sizeof(unsigned long))

static bool test_and_set(unsigned long *map, uint64_t pfn)
{
    unsigned long bit = 1ul << (pfn % BITS_PER_WORD);
    bool was = map[pfn / BITS_PER_WORD] & bit;

    map[pfn / BITS_PER_WORD] |= bit;
    return was;
}

static int restore_pages(struct restore *rs, uint32_t domid, const struct ss_record *rec,
                         char **why)
{
    static xen_pfn_t gfn[BATCH], fresh[BATCH];
    static int err[BATCH];
    const uint8_t *pfns, *data;
    uint32_t n, d = 0, nf = 0;
    char msg[160];
    uint8_t *m;

    if (ss_parse_pages(rec, rs->r->max_pfn, &n, &pfns, &data, msg))
        return xend_say(why, EINVAL, "%s: record %" PRIu64 ": %s", rs->file,
                        rs->r->records, msg);
    /* Only pages not yet populated (a page sent again in a later round
     * of a live migration is overwritten in place). */
    for (uint32_t i = 0; i < n; i++) {
        gfn[i] = ss_pfn_at(pfns, i) & SS_PFN_MASK;
        if (!test_and_set(rs->populated, gfn[i]))
            fresh[nf++] = gfn[i];
    }
    if (nf && xc_domain_populate_physmap_exact(rs->x->xch, domid, nf, 0, 0, fresh) < 0) {
        /* libxenctrl's EBUSY: Xen populated fewer pages than asked. */
        if (errno == EBUSY)
            return xend_say(why, ENOMEM, "this host lacks the memory for the domain "
                            "(xc_domain_populate_physmap_exact of %u pages at %#" PRIx64
                            " fell short)", nf, (uint64_t)fresh[0]);
        return xend_say(why, errno, "xc_domain_populate_physmap_exact (%u pages at %#" PRIx64
                        "): %s", nf, (uint64_t)fresh[0], strerror(errno));
    }
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
    rs->sr->pages += n;
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


static int ready(void *ctx, uint32_t domid, char **why)
{
    struct restore *rs = ctx;

    return rs->sr->ready ? rs->sr->ready(rs->sr->ctx, domid, why) : 0;
}

int stream_receive(struct xend_xen *x, struct ss_reader *r, struct stream_receive *sr,
                   char **why)
{
    const char *src = sr->source;
    struct ss_record rec;
    struct ss_header h;
    struct restore rs = { .x = x, .r = r, .sr = sr, .file = src };
    const struct xend_restore_steps steps = { fill, ready, &rs };
    struct xend_vm_spec s;
    struct sxp doc = { 0 };
    struct cfg_diags diags = { 0 };
    struct timespec t0;
    char msg[160];
    int rc;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    sr->name[0] = '\0';
    sr->pages = 0;
    if ((rc = ss_read_magic(r)) || (rc = ss_read_record(r, &rec)) < 0)
        return xend_say(why, rc == -EPIPE || rc == -EINVAL ? EINVAL : -rc, "%s: %s", src,
                        r->why[0] ? r->why : strerror(-rc));
    if (rc == 0 || ss_parse_header(&rec, &h, msg))
        return xend_say(why, EINVAL, "%s: %s", src, rc ? msg : "no header");
    if (h.max_pfn > MAX_PFN_ACCEPTED)
        return xend_say(why, EFBIG, "%s: a guest of %#" PRIx64 " pages is beyond this xend",
                        src, h.max_pfn);
    rc = sxp_parse(h.config, h.config_len, src, &doc, &diags);
    if (rc < 0 || doc.n != 1 || !sxp_name(&doc.items[0]) || strcmp(sxp_name(&doc.items[0]), "vm")) {
        rc = xend_say(why, EINVAL, "%s: the header's domain config is not one (vm ...) record",
                      src);
        goto out;
    }
    if ((rc = xend_vm_spec_parse(&doc.items[0], &s, why)))
        goto out;
    if (!(rs.populated = calloc((h.max_pfn + BITS_PER_WORD - 1) / BITS_PER_WORD,
                                sizeof(unsigned long))))
        rc = xend_say(why, ENOMEM, "out of memory");
    else if (!(rc = xend_xen_name_free(x, s.name, why)))
        rc = xend_build_restore(x, &s, h.uuid, h.max_mem_kb, &steps, &sr->domid, why);
    if (rc == 0) {
        daemon_log(DLOG_INFO, (int)sr->domid, "restored domain %s (id %" PRIu32 ") from %s: %"
                   PRIu64 " pages in %ld ms", s.name, sr->domid, src, sr->pages,
                   xend_ms_since(&t0));
        xend_domains_add(x, sr->domid, &doc.items[0]);
        snprintf(sr->name, sizeof(sr->name), "%s", s.name);
    }
    free(rs.populated);
    xend_vm_spec_free(&s);
out:
    cfg_diags_free(&diags);
    sxp_free(&doc);
    return rc;
}
