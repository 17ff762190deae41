/* xen_version's sub-ops as Xen 4.17 answers a PVH domU (xen/common/kernel.c:
 * do_xen_version; public/version.h, public/features.h). */
#include "test.h"
#include <xen/features.h>

const char test_title[] = "xen_version sub-ops for a PVH guest";

static bool terminated(const char *s, size_t size)
{
    return strnlen(s, size) < size;
}

void test_main(void)
{
    long rc, ver;

    if ( !xen_cpuid_base )
        return test_skip("no Xen CPUID leaves");

    ver = hypercall_xen_version(XENVER_version, NULL);
    printk("version: %ld.%ld\n", ver >> 16, ver & 0xffff);
    if ( ver != 0x00040011 )
        test_fail("XENVER_version %#lx, not 4.17", ver);

    xen_extraversion_t extra;
    memset(extra, 0xff, sizeof(extra));
    rc = hypercall_xen_version(XENVER_extraversion, extra);
    if ( rc || !terminated(extra, sizeof(extra)) )
        test_fail("XENVER_extraversion rc %ld", rc);
    else
        printk("extraversion: \"%s\"\n", extra);

    xen_capabilities_info_t caps;
    memset(caps, 0xff, sizeof(caps));
    rc = hypercall_xen_version(XENVER_capabilities, caps);
    if ( rc || !terminated(caps, sizeof(caps)) )
        test_fail("XENVER_capabilities rc %ld", rc);
    else
    {
        printk("capabilities: \"%s\"\n", caps);
        if ( !strstr(caps, "hvm-3.0-x86_64") )
            test_fail("capabilities lack hvm-3.0-x86_64: \"%s\"", caps);
    }

    xen_changeset_info_t cs;
    memset(cs, 0xff, sizeof(cs));
    rc = hypercall_xen_version(XENVER_changeset, cs);
    if ( rc || !terminated(cs, sizeof(cs)) )
        test_fail("XENVER_changeset rc %ld", rc);
    else
        printk("changeset: \"%s\"\n", cs);

    /* HVM guests have no hypervisor hole in their address space. */
    xen_platform_parameters_t pp = { .virt_start = 0x1234 };
    rc = hypercall_xen_version(XENVER_platform_parameters, &pp);
    printk("platform_parameters: rc %ld virt_start %#lx\n", rc,
           (unsigned long)pp.virt_start);
    if ( rc )
        test_fail("XENVER_platform_parameters rc %ld", rc);

    /* Submap 0 for an HVM (PVH) domU: translated, HVM callback vector and
     * safe pvclock; never dom0, never a PV-only bit. */
    xen_feature_info_t fi = { .submap_idx = 0 };
    uint32_t want = (1u << XENFEAT_writable_page_tables) |
                    (1u << XENFEAT_auto_translated_physmap) |
                    (1u << XENFEAT_hvm_callback_vector) |
                    (1u << XENFEAT_hvm_safe_pvclock);
    uint32_t never = (1u << XENFEAT_dom0) |
                     (1u << XENFEAT_mmu_pt_update_preserve_ad) |
                     (1u << XENFEAT_highmem_assist) |
                     (1u << XENFEAT_gnttab_map_avail_bits);
    rc = hypercall_xen_version(XENVER_get_features, &fi);
    printk("get_features[0]: rc %ld submap %#x\n", rc, fi.submap);
    if ( rc )
        test_fail("XENVER_get_features rc %ld", rc);
    else if ( (fi.submap & want) != want || (fi.submap & never) )
        test_fail("features submap %#x: want %#x set, %#x clear", fi.submap,
                  want, never);
    fi = (xen_feature_info_t){ .submap_idx = XENFEAT_NR_SUBMAPS };
    rc = hypercall_xen_version(XENVER_get_features, &fi);
    if ( rc != -XEN_EINVAL )
        test_fail("get_features beyond XENFEAT_NR_SUBMAPS: rc %ld", rc);

    rc = hypercall_xen_version(XENVER_pagesize, NULL);
    printk("pagesize: %ld\n", rc);
    if ( rc != 4096 )
        test_fail("XENVER_pagesize %ld", rc);

    /* The domain handle: the UUID the toolstack gave the domain. */
    xen_domain_handle_t h;
    uint8_t zero[sizeof(h)] = { 0 };
    memset(h, 0, sizeof(h));
    rc = hypercall_xen_version(XENVER_guest_handle, h);
    printk("guest_handle: rc %ld %02x%02x%02x%02x-...-%02x%02x\n", rc, h[0], h[1],
           h[2], h[3], h[14], h[15]);
    if ( rc )
        test_fail("XENVER_guest_handle rc %ld", rc);
    else if ( !memcmp(h, zero, sizeof(h)) )
        test_fail("guest handle is all zero");

    /* An unknown sub-op is refused. */
    rc = hypercall_xen_version(0x7fff, NULL);
    if ( rc != -XEN_ENOSYS )
        test_fail("unknown sub-op: rc %ld, not -ENOSYS", rc);
}
