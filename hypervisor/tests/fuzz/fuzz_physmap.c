/* libFuzzer target: random memory_op physmap sequences (populate, decrease,
 * remove, shared_info, a foreign grant mapped in) on the real p2m and
 * domain heap over fake memory. After every step the domain's tot_pages is
 * the number of its pages, every RAM entry maps a page it owns (or its
 * shared_info, or the grant), and at the end its destruction gives every
 * frame back. */
#include <stdlib.h>
#include <string.h>
#include <xen/physmap.h>
#include <xen/domheap.h>
#include <public/errno.h>

#define NFRAMES 4096
#define NTABLES 24
#define NGFN    2048                    /* four 2 MiB regions */

static struct page_info ft[NFRAMES];
static struct heap h;
static struct domheap dom, other;
static uint64_t tables[NTABLES][512];
static bool table_used[NTABLES];
static struct p2m_domain p2m;
static struct physmap pm;
static const uint8_t *in;
static size_t in_len;

static uint64_t t_alloc(void *ctx)
{
    (void)ctx;
    for (int i = 0; i < NTABLES; i++)
        if (!table_used[i]) {
            table_used[i] = true;
            memset(tables[i], 0, sizeof(tables[i]));
            return (uint64_t)(i + 1) << 12;
        }
    return 0;                           /* out of tables: -ENOMEM paths */
}

static int t_index(uint64_t maddr)
{
    int i = (int)(maddr >> 12) - 1;

    if ((maddr & 0xfff) || i < 0 || i >= NTABLES || !table_used[i])
        abort();
    return i;
}

static void t_free(void *ctx, uint64_t maddr)
{
    (void)ctx;
    table_used[t_index(maddr)] = false;
}

static void *t_map(void *ctx, uint64_t maddr)
{
    (void)ctx;
    return tables[t_index(maddr)];
}

static const struct p2m_pt_ops table_ops = { t_alloc, t_free, t_map };

static unsigned long f_lookup(void *c, unsigned long gfn, p2m_type_t *t)
{
    (void)c;
    return p2m_get_entry(&p2m, gfn, t, NULL);
}

static int f_set(void *c, unsigned long gfn, unsigned long mfn, unsigned int o, p2m_type_t t)
{
    (void)c;
    return p2m_set_entry(&p2m, gfn, mfn, o, t);
}

static unsigned long f_alloc(void *c, unsigned int o)
{
    (void)c;
    return domheap_alloc(&h, &dom, o);
}

static int f_free(void *c, unsigned long mfn)
{
    (void)c;
    return domheap_free_page(&h, &dom, mfn);
}

static bool f_get(void *c, unsigned long mfn)
{
    (void)c;
    return domheap_get_page(&h, mfn, &dom);
}

static void f_put(void *c, unsigned long mfn)
{
    (void)c;
    domheap_put_page(&h, mfn);
}

static void f_crash(void *c, const char *why)
{
    (void)c;
    (void)why;
}

static const struct physmap_ops ops = { f_lookup, f_set, f_alloc, f_free, f_get, f_put, f_crash };

static int f_read_gfn(void *c, unsigned int i, uint64_t *gfn)
{
    (void)c;
    if (2 * (size_t)i + 1 >= in_len)
        return -1;
    *gfn = (in[2 * i] | (unsigned)in[2 * i + 1] << 8) % (NGFN + 16);
    return 0;
}

static bool f_preempt(void *c)
{
    (void)c;
    return false;
}

static void check(unsigned long si, unsigned long grant)
{
    unsigned long mine = 0;

    for (unsigned long m = 0; m < NFRAMES; m++)
        if (ft[m].owner == &dom && !(ft[m].flags & PGC_xen_heap))
            mine++;
    if (mine != dom.tot_pages || dom.tot_pages > dom.max_pages)
        abort();
    for (unsigned long gfn = 0; gfn < NGFN + 16; gfn++) {
        p2m_type_t t;
        unsigned long mfn = p2m_get_entry(&p2m, gfn, &t, NULL);

        if (t == p2m_invalid)
            continue;
        if (t == p2m_grant_map_rw ? mfn != grant
                                  : t != p2m_ram_rw || (mfn != si && domheap_owner(&h, mfn) != &dom))
            abort();
    }
    if (pm.shared_info_gfn != INVALID_GFN && p2m_get_entry(&p2m, pm.shared_info_gfn, NULL, NULL) != si)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned long free0, si, grant;

    memset(ft, 0, sizeof(ft));
    memset(table_used, 0, sizeof(table_used));
    heap_init(&h, ft, NFRAMES);
    init_heap_pages(&h, 1, NFRAMES - 1);
    free0 = h.free_pages;
    dom = (struct domheap){ .max_pages = 1536 };
    other = (struct domheap){ .max_pages = 1 };
    if (p2m_pt_init(&p2m, &table_ops, NULL))
        abort();
    si = alloc_heap_pages(&h, 0);
    grant = domheap_alloc(&h, &other, 0);
    if (domheap_share_xen_page(&h, &dom, si))
        abort();
    pm = (struct physmap){ &ops, NULL, si, INVALID_GFN };
    for (size_t i = 0; i + 4 <= size; i += 4) {
        unsigned int gfn = (data[i + 1] | (unsigned)data[i + 2] << 8) % (NGFN + 16);
        unsigned int order = data[i + 3] % 11;
        struct memop_args a = { .nr_extents = data[i + 3] % 8, .extent_order = order % 3,
                                .max_order = 9, .read_gfn = f_read_gfn,
                                .preempt_check = f_preempt };

        in = data + i + 4;
        in_len = size - i - 4;
        switch (data[i] % 6) {
        case 0:
            guest_physmap_populate(&pm, gfn, order == 10 ? 9 : order % 2);
            break;
        case 1:
            guest_remove_page(&pm, gfn);
            break;
        case 2:
            (data[i] & 8 ? populate_physmap : decrease_reservation)(&pm, &a);
            break;
        case 3:
            physmap_add_shared_info(&pm, data[i + 3] & 1, gfn);
            break;
        case 4:
            /* Another domain's page granted in over whatever was there:
             * the domain's own page stays its (unmapped, as on Xen). */
            if (!p2m_set_entry(&p2m, gfn, grant, 0, p2m_grant_map_rw) &&
                pm.shared_info_gfn == gfn)
                pm.shared_info_gfn = INVALID_GFN;
            break;
        default:
            p2m_set_entry(&p2m, gfn, INVALID_MFN, 0, p2m_invalid);
            if (pm.shared_info_gfn == gfn)
                pm.shared_info_gfn = INVALID_GFN;
        }
        check(si, grant);
    }
    p2m_pt_teardown(&p2m);
    if (domheap_relinquish(&h, &dom) || dom.tot_pages || dom.xenheap_pages)
        abort();
    if (domheap_relinquish(&h, &other))
        abort();
    for (int i = 0; i < NTABLES; i++)
        if (table_used[i])
            abort();
    if (h.free_pages != free0)
        abort();
    return 0;
}
