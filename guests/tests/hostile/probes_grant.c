/* The hostile guest's generator for grant_table_op. */
#include "hostile.h"

/* common/grant_table.c: setup_table and query_size of no domain
 * (GNTST_bad_domain), a batch of maps of its grants (host_map only: no
 * flag an HVM mapper is refused), of unmaps of handles it never had
 * (GNTST_bad_handle: its maptrack is empty, it never maps) and of copies
 * from or to no domain. */
static void gnttab_status(struct call *c)
{
    unsigned int n = 1 + below(4);

    c->what = "grant_table_op, entries refused";
    c->a[1] = hostile_buf();
    c->a[2] = u32_arg(n);
    ok(c, 0);
    switch ( below(4) )
    {
    case 0:
        c->a[2] = u32_arg(1);
        if ( below(2) )
        {
            c->a[0] = u32_arg(GNTTABOP_setup_table);
            buf.setup.dom = no_domain();
            expect_status(c, &buf.setup.status, 0, 1, GNTST_bad_domain);
        }
        else
        {
            c->a[0] = u32_arg(GNTTABOP_query_size);
            buf.query.dom = no_domain();
            expect_status(c, &buf.query.status, 0, 1, GNTST_bad_domain);
        }
        break;
    case 1:
        c->a[0] = u32_arg(GNTTABOP_map_grant_ref);
        for ( unsigned int i = 0; i < n; i++ )
        {
            buf.map[i].flags = GNTMAP_host_map | (below(2) ? GNTMAP_readonly : 0);
            buf.map[i].dom = no_domain();
        }
        expect_status(c, &buf.map[0].status, sizeof(buf.map[0]), n, GNTST_bad_domain);
        break;
    case 2:
        c->a[0] = u32_arg(GNTTABOP_unmap_grant_ref);
        expect_status(c, &buf.unmap[0].status, sizeof(buf.unmap[0]), n, GNTST_bad_handle);
        break;
    default:    /* gnttab_copy_lock_domain: a gref or a frame of no
                 * domain, source or dest. The reference answers
                 * GNTST_bad_domain for a frame too, though the source
                 * tests "only DOMID_SELF by frame" first (that one is
                 * GNTST_permission_denied for a domain that exists: the
                 * grant-table test) */
    {
        bool at_dest = below(2);

        c->what = at_dest ? "grant copy, to no domain" : "grant copy, from no domain";
        c->a[0] = u32_arg(GNTTABOP_copy);
        for ( unsigned int i = 0; i < n; i++ )
        {
            struct gnttab_copy *op = &buf.copy[i];

            op->flags = below(4) & (GNTCOPY_source_gref | GNTCOPY_dest_gref);
            if ( at_dest )
            {
                op->source.domid = DOMID_SELF;
                op->dest.domid = no_domain();
            }
            else
                op->source.domid = no_domain();
        }
        expect_status(c, &buf.copy[0].status, sizeof(buf.copy[0]), n, GNTST_bad_domain);
        break;
    }
    }
}

void gen_gnttab_op(struct call *c)
{
    static const uint8_t batch[] = { GNTTABOP_map_grant_ref,
        GNTTABOP_unmap_grant_ref, GNTTABOP_copy };
    unsigned int cmd, count = 1 + below(below(2) ? 64 : 0x7fffffff);

    c->nr = __HYPERVISOR_grant_table_op;
    c->a[1] = bad_ptr();
    switch ( below(6) )
    {
    case 5:     /* readable, refused per entry: rc 0 and a status each */
        gnttab_status(c);
        return;
    case 0:
        c->what = "grant_table_op, batch at a bad pointer";
        cmd = batch[below(ARRAY_SIZE(batch))];
        ok(c, -XEN_EFAULT);
        break;
    case 1:     /* setup_table and query_size take exactly one */
        c->what = "grant_table_op, setup/query";
        cmd = below(2) ? GNTTABOP_setup_table : GNTTABOP_query_size;
        if ( below(2) )
            count = 1;
        ok(c, count == 1 ? -XEN_EFAULT : -XEN_EINVAL);
        break;
    case 2:
        c->what = "grant_table_op, set/get_version";
        cmd = below(2) ? GNTTABOP_set_version : GNTTABOP_get_version;
        ok(c, -XEN_EFAULT);
        break;
    case 3:     /* a negative count: -EINVAL after the HVM filter */
        c->what = "grant_table_op, negative count";
        cmd = batch[below(ARRAY_SIZE(batch))];
        count = 0x80000000u | rnd();
        ok(c, -XEN_EINVAL);
        break;
    default:    /* what the HVM filter lets through: not these */
        c->what = "grant_table_op, op refused to HVM";
        cmd = below(2) ? (below(2) ? GNTTABOP_dump_table : GNTTABOP_transfer)
                       : GNTTABOP_cache_flush + 1 + below(0xfffffff0);
        if ( below(4) == 0 )            /* continuation bits: whole cmd */
            cmd = GNTTABOP_map_grant_ref | (1 + below(0xfffff)) << GNTTABOP_ARG_SHIFT;
        ok(c, -XEN_ENOSYS);
        break;
    }
    c->a[0] = u32_arg(cmd);
    c->a[2] = u32_arg(count);
}
