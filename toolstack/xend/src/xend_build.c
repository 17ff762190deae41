/* The PVH domain builder (see xend_build.h). The steps follow Xen 4.17's
 * libxl__domain_make, libxl__build_pre, libxl__build_hvm (xc_dom_* of
 * libxenguest: meminit_hvm, alloc_magic_pages_hvm, bootlate_hvm,
 * vcpu_hvm, xc_dom_gnttab_seed) and libxl__build_post. */
#include "xend_build.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xen/grant_table.h>

#include "daemon_log.h"
#include "xend_clock.h"
#include "pvh_context.h"
#include "xend_devices.h"
#include "xend_image.h"
#include "xend_store.h"
#include "xend_vcpu.h"

/* libxl's defaults for createdomain (libxl_create.c, xl.conf): 1023 event
 * channels, 64 grant frames, 1024 maptrack frames, grant table v2. */
#define MAX_EVTCHN_PORT 1023
#define MAX_GRANT_FRAMES 64
#define MAX_MAPTRACK_FRAMES 1024
#define MAX_GRANT_VERSION 2
/* LIBXL_MAXMEM_CONSTANT: maxmem is the target plus 1 MiB of slack for
 * the special pages and start info. */
#define MAXMEM_SLACK_KB 1024
/* Superpage order meminit_hvm populates with where it can (2 MiB). */
#define SUPERPAGE_ORDER 9

struct build {
    struct xend_xen *x;
    const struct xend_vm_spec *s;
    uint32_t domid;
    char **why;
    struct xend_image im;
    evtchn_port_t store_port, console_port;
    xen_domain_handle_t uuid;
    const uint8_t *keep_uuid;   /* a restore's: the domain's own */
    uint64_t maxmem_kb;         /* a restore's; 0: the spec's */
    const struct xend_restore_steps *steps;   /* a restore's */
};

static int fail(struct build *b, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct build *b, int err, const char *fmt, ...)
{
    va_list ap;

    if (!*b->why) {
        va_start(ap, fmt);
        if (vasprintf(b->why, fmt, ap) < 0)
            *b->why = NULL;
        va_end(ap);
    }
    return -(err ? err : EIO);
}

/* A failed libxenctrl call: "call: strerror". */
#define XC_FAIL(b, call) fail(b, errno, "%s: %s", call, strerror(errno))

/* A random (version 4) UUID as the domain handle, as xm 4.1 made one. */
static void make_uuid(xen_domain_handle_t u)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, u, sizeof(xen_domain_handle_t)) != sizeof(xen_domain_handle_t))
        for (size_t i = 0; i < sizeof(xen_domain_handle_t); i++)
            u[i] = (uint8_t)(rand() >> 7);
    if (fd >= 0)
        close(fd);
    u[6] = (u[6] & 0x0f) | 0x40;
    u[8] = (u[8] & 0x3f) | 0x80;
}

static int create(struct build *b)
{
    struct xen_domctl_createdomain c = {
        .flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap,
        .max_vcpus = b->s->vcpus,
        .max_evtchn_port = MAX_EVTCHN_PORT,
        .max_grant_frames = MAX_GRANT_FRAMES,
        .max_maptrack_frames = MAX_MAPTRACK_FRAMES,
        .grant_opts = XEN_DOMCTL_GRANT_version(MAX_GRANT_VERSION),
        /* A PVH domain: of the emulated devices only the local APIC
         * (libxl__arch_domain_prepare_config). */
        .arch.emulation_flags = XEN_X86_EMU_LAPIC,
    };

    if (b->keep_uuid)
        memcpy(b->uuid, b->keep_uuid, sizeof(b->uuid));
    else
        make_uuid(b->uuid);
    memcpy(c.handle, b->uuid, sizeof(c.handle));
    b->domid = 0;   /* Xen picks the ID */
    if (xc_domain_create(b->x->xch, &b->domid, &c) < 0) {
        b->domid = 0;
        return XC_FAIL(b, "xc_domain_create");
    }
    if (xc_domain_max_vcpus(b->x->xch, b->domid, b->s->vcpus) < 0)
        return XC_FAIL(b, "xc_domain_max_vcpus");
    if (xc_domain_setmaxmem(b->x->xch, b->domid, b->maxmem_kb ? b->maxmem_kb :
                            (b->s->memory_mib << 10) + MAXMEM_SLACK_KB) < 0)
        return XC_FAIL(b, "xc_domain_setmaxmem");
    /* The store's and the console's ports, unbound, for dom0's daemons. */
    int sp = xc_evtchn_alloc_unbound(b->x->xch, b->domid, 0);
    int cp = sp < 0 ? sp : xc_evtchn_alloc_unbound(b->x->xch, b->domid, 0);
    if (sp < 0 || cp < 0)
        return XC_FAIL(b, "xc_evtchn_alloc_unbound");
    b->store_port = (evtchn_port_t)sp;
    b->console_port = (evtchn_port_t)cp;
    return 0;
}

/* RAM [first, end) (page frame numbers): 2 MiB extents where aligned,
 * single pages elsewhere or where Xen has no 2 MiB run (meminit_hvm). */
static int populate(struct build *b, xen_pfn_t first, xen_pfn_t end)
{
    const xen_pfn_t super = 1u << SUPERPAGE_ORDER;
    xen_pfn_t pfns[512];

    for (xen_pfn_t p = first; p < end;) {
        if (!(p & (super - 1)) && end - p >= super &&
            xc_domain_populate_physmap_exact(b->x->xch, b->domid, 1, SUPERPAGE_ORDER,
                                             0, &p) == 0) {
            p += super;
            continue;
        }
        unsigned n = 0;
        xen_pfn_t stop = (p | (super - 1)) + 1;
        for (; p < end && p < stop && n < 512; p++)
            pfns[n++] = p;
        if (xc_domain_populate_physmap_exact(b->x->xch, b->domid, n, 0, 0, pfns) < 0)
            return XC_FAIL(b, "xc_domain_populate_physmap_exact");
    }
    return 0;
}

static int memory(struct build *b)
{
    const struct pvh_layout_out *lay = &b->im.plan.out;
    struct e820entry e820[PVH_MAX_MEMMAP];
    xen_pfn_t special[PVH_NR_SPECIAL_PAGES];
    int rc;

    for (unsigned i = 0; i < lay->nr_memmap; i++)
        e820[i] = (struct e820entry){ .addr = lay->memmap[i].addr,
                                      .size = lay->memmap[i].size,
                                      .type = lay->memmap[i].type };
    if (xc_domain_set_memory_map(b->x->xch, b->domid, e820, lay->nr_memmap) < 0)
        return XC_FAIL(b, "xc_domain_set_memory_map");
    if ((rc = populate(b, 0, lay->lowmem_end >> PVH_PAGE_SHIFT)))
        return rc;
    if (lay->highmem_end &&
        (rc = populate(b, PVH_HIGHMEM_START >> PVH_PAGE_SHIFT,
                       lay->highmem_end >> PVH_PAGE_SHIFT)))
        return rc;
    for (unsigned i = 0; i < PVH_NR_SPECIAL_PAGES; i++)
        special[i] = pvh_special_pfn(i);
    if (xc_domain_populate_physmap_exact(b->x->xch, b->domid, PVH_NR_SPECIAL_PAGES,
                                         0, 0, special) < 0)
        return XC_FAIL(b, "xc_domain_populate_physmap_exact");
    return 0;
}

/* alloc_magic_pages_hvm: the special pages cleared and named in HVM
 * params; the identity page table (4 MiB PSE entries) a vCPU uses with
 * paging off under Intel EPT. */
static int special_pages(struct build *b)
{
    static const struct { uint32_t param; unsigned page; } params[] = {
        { HVM_PARAM_STORE_PFN, PVH_SPECIAL_XENSTORE },
        { HVM_PARAM_BUFIOREQ_PFN, PVH_SPECIAL_BUFIOREQ },
        { HVM_PARAM_IOREQ_PFN, PVH_SPECIAL_IOREQ },
        { HVM_PARAM_CONSOLE_PFN, PVH_SPECIAL_CONSOLE },
        { HVM_PARAM_PAGING_RING_PFN, PVH_SPECIAL_PAGING },
        { HVM_PARAM_MONITOR_RING_PFN, PVH_SPECIAL_ACCESS },
        { HVM_PARAM_SHARING_RING_PFN, PVH_SPECIAL_SHARING },
    };
    uint8_t *m = xend_map_guest(b->x->fmem, b->domid, pvh_special_pfn(0), PVH_NR_SPECIAL_PAGES);
    uint32_t *pt;

    if (!m)
        return XC_FAIL(b, "xenforeignmemory_map (special pages)");
    memset(m, 0, PVH_NR_SPECIAL_PAGES << PVH_PAGE_SHIFT);
    pt = (uint32_t *)(m + (PVH_SPECIAL_IDENT_PT << PVH_PAGE_SHIFT));
    /* Present, RW, user, accessed, dirty, PSE (AMD APM vol. 2, 5.3). */
    for (uint32_t i = 0; i < PVH_PAGE_SIZE / 4; i++)
        pt[i] = (i << 22) | 0x01 | 0x02 | 0x04 | 0x20 | 0x40 | 0x80;
    xenforeignmemory_unmap(b->x->fmem, m, PVH_NR_SPECIAL_PAGES);
    for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++)
        if (xc_hvm_param_set(b->x->xch, b->domid, params[i].param,
                             pvh_special_pfn(params[i].page)) < 0)
            return XC_FAIL(b, "xc_hvm_param_set");
    if (xc_hvm_param_set(b->x->xch, b->domid, HVM_PARAM_IDENT_PT,
                         (uint64_t)pvh_special_pfn(PVH_SPECIAL_IDENT_PT) << PVH_PAGE_SHIFT) < 0)
        return XC_FAIL(b, "xc_hvm_param_set");

    if (xc_hvm_param_set(b->x->xch, b->domid, HVM_PARAM_CONSOLE_EVTCHN, b->console_port) < 0 ||
        xc_hvm_param_set(b->x->xch, b->domid, HVM_PARAM_STORE_EVTCHN, b->store_port) < 0)
        return XC_FAIL(b, "xc_hvm_param_set");
    return 0;
}

/* xc_dom_gnttab_seed: grant refs 0 (console) and 1 (xenstore) of the new
 * domain's table give dom0 its two rings (public/grant_table.h,
 * GNTTAB_RESERVED_*), through the table's first frame put for a moment at
 * the first free gfn. */
static int seed_grants(struct build *b)
{
    xen_pfn_t max, scratch;
    grant_entry_v1_t *g;

    if (xc_domain_maximum_gpfn(b->x->xch, b->domid, &max) < 0)
        return XC_FAIL(b, "xc_domain_maximum_gpfn");
    scratch = max + 1;
    if (xc_domain_add_to_physmap(b->x->xch, b->domid, XENMAPSPACE_grant_table, 0, scratch) < 0)
        return XC_FAIL(b, "xc_domain_add_to_physmap");
    g = xend_map_guest(b->x->fmem, b->domid, scratch, 1);
    if (!g) {
        int rc = XC_FAIL(b, "xenforeignmemory_map (grant table)");
        xc_domain_remove_from_physmap(b->x->xch, b->domid, scratch);
        return rc;
    }
    g[GNTTAB_RESERVED_CONSOLE] = (grant_entry_v1_t){
        .flags = GTF_permit_access, .domid = 0,
        .frame = pvh_special_pfn(PVH_SPECIAL_CONSOLE) };
    g[GNTTAB_RESERVED_XENSTORE] = (grant_entry_v1_t){
        .flags = GTF_permit_access, .domid = 0,
        .frame = pvh_special_pfn(PVH_SPECIAL_XENSTORE) };
    xenforeignmemory_unmap(b->x->fmem, g, 1);
    if (xc_domain_remove_from_physmap(b->x->xch, b->domid, scratch) < 0)
        return XC_FAIL(b, "xc_domain_remove_from_physmap");
    return 0;
}

/* vcpu_hvm: every vCPU's MTRRs first, vCPU 0's registers last (each
 * setcontext takes the vCPUs down again). */
static int vcpu_context(struct build *b)
{
    struct pvh_bsp_context bsp;
    struct pvh_mtrr_context mtrr;
    uint32_t size;
    uint8_t *full = xend_xen_hvm_context(b->x, b->domid, &size);
    int rc = 0;

    if (!full)
        return XC_FAIL(b, "xc_domain_hvm_getcontext");
    for (unsigned v = 0; v < b->s->vcpus; v++) {
        if (pvh_mtrr_context(full, (size_t)size, (uint16_t)v, &mtrr)) {
            rc = fail(b, EINVAL, "vCPU %u: no MTRR record in the domain's context", v);
            goto out;
        }
        if (xc_domain_hvm_setcontext(b->x->xch, b->domid, (uint8_t *)&mtrr, sizeof(mtrr)) < 0) {
            rc = XC_FAIL(b, "xc_domain_hvm_setcontext");
            goto out;
        }
    }
    if (pvh_bsp_context(full, (size_t)size, b->im.elf.phys_entry,
                        (uint32_t)b->im.plan.out.start_info_gpa, &bsp)) {
        rc = fail(b, EINVAL, "no HEADER record in the domain's context");
        goto out;
    }
    if (xc_domain_hvm_setcontext(b->x->xch, b->domid, (uint8_t *)&bsp, sizeof(bsp)) < 0)
        rc = XC_FAIL(b, "xc_domain_hvm_setcontext");
out:
    free(full);
    return rc;
}

/* The domain and its xenstore nodes (the first steps of a build). */
static int make_shell(struct build *b, struct xend_store_domain *sd)
{
    struct xend_xen *x = b->x;
    const struct xend_vm_spec *s = b->s;
    int rc;

    if (!x->xs || !x->fmem)
        return fail(b, ENOSYS, "xend has no %s: cannot build domains",
                    x->xs ? "libxenforeignmemory handle" : "xenstore connection");
    if ((rc = create(b)))
        return rc;
    *sd = (struct xend_store_domain){
        .domid = b->domid, .name = s->name, .vcpus = s->vcpus,
        .memory_kb = s->memory_mib << 10, .maxmem_kb = s->maxmem_mib << 10,
        .store_port = b->store_port, .store_gfn = pvh_special_pfn(PVH_SPECIAL_XENSTORE),
        .console_port = b->console_port,
        .console_gfn = pvh_special_pfn(PVH_SPECIAL_CONSOLE) };
    memcpy(sd->uuid, b->uuid, sizeof(sd->uuid));
    if ((rc = xend_store_make(x->xs, sd)) < 0)
        return fail(b, -rc, "xenstore: writing /local/domain/%u: %s", b->domid, strerror(-rc));
    return 0;
}

/* The last steps, once memory and vCPUs are in place: xenstored told,
 * affinity, devices, and the domain runs. */
static int start(struct build *b, const struct xend_store_domain *sd)
{
    struct xend_xen *x = b->x;
    int rc;

    if ((rc = seed_grants(b)))
        return rc;
    if ((rc = xend_store_introduce(x->xs, sd)) < 0)
        return fail(b, -rc, "xs_introduce_domain: %s", strerror(-rc));
    /* cpus=: each vCPU's affinity before it first runs (guide 6.4). */
    if ((rc = xend_vcpu_apply_cpus(x, b->domid, b->s->vm, b->s->vcpus, b->why)) < 0)
        return rc;
    /* Devices last, before the domain runs (libxl's order). */
    if ((rc = xend_devices_add(x, b->domid, b->s->name, b->s->vm, b->why)) < 0)
        return rc;
    if (b->steps && b->steps->ready && (rc = b->steps->ready(b->steps->ctx, b->domid, b->why)))
        return rc;
    if (xc_domain_unpause(x->xch, b->domid) < 0)
        return XC_FAIL(b, "xc_domain_unpause");
    return 0;
}

static void discard(struct build *b, const char *what)
{
    daemon_log(DLOG_ERR, (int)b->domid, "%s %s: %s; domain %u destroyed", what, b->s->name,
               *b->why ? *b->why : "failed", b->domid);
    xc_domain_destroy(b->x->xch, b->domid);
    xend_store_remove(b->x->xs, b->domid);
}

int xend_build_pvh(struct xend_xen *x, const struct xend_vm_spec *s,
                   uint32_t *domid, char **why)
{
    struct build b = { .x = x, .s = s, .why = why };
    struct xend_store_domain sd;
    struct timespec t0;
    int rc;

    *why = NULL;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if ((rc = xend_image_read(s, &b.im, why)) || (rc = make_shell(&b, &sd)) ||
        (rc = memory(&b)) || (rc = xend_image_load(x->xch, x->fmem, b.domid, &b.im, why)) ||
        (rc = special_pages(&b)) || (rc = vcpu_context(&b)) || (rc = start(&b, &sd)))
        goto out;
    daemon_log(DLOG_INFO, (int)b.domid, "domain %u: kernel %s, ramdisk %zu bytes, "
               "ACPI tables for %u vCPUs; built in %ld ms", b.domid, b.im.kernel.what,
               b.im.ramdisk_len, s->vcpus, xend_ms_since(&t0));
out:
    if (rc && b.domid)
        discard(&b, "create");
    xend_image_free(&b.im);
    if (!rc)
        *domid = b.domid;
    return rc;
}

int xend_build_restore(struct xend_xen *x, const struct xend_vm_spec *s,
                       const uint8_t uuid[16], uint64_t maxmem_kb,
                       const struct xend_restore_steps *steps, uint32_t *domid, char **why)
{
    struct build b = { .x = x, .s = s, .why = why, .keep_uuid = uuid, .maxmem_kb = maxmem_kb,
                       .steps = steps };
    struct xend_store_domain sd;
    int rc;

    *why = NULL;
    if ((rc = make_shell(&b, &sd)) ||
        (rc = steps->fill(steps->ctx, b.domid, b.store_port, b.console_port, why)) ||
        (rc = start(&b, &sd)))
        goto out;
out:
    if (rc && b.domid)
        discard(&b, "restore");
    if (!rc)
        *domid = b.domid;
    return rc;
}
