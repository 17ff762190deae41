/* do_xen_version: who the guest runs on. The ABI is Xen 4.17's, so the
 * version is 4.17 with our own extraversion; the answers follow Xen 4.17's
 * common/kernel.c for an HVM/PVH guest. */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/hypercall.h>
#include <xen/guest_access.h>
#include <xen/version.h>
#include <asm/smp.h>
#include <public/version.h>
#include <public/features.h>
#include <public/errno.h>

#define XEN_EXTRAVERSION "-xenlab"

static long copy_string(uint64_t arg, const char *s, size_t size)
{
    char buf[1024];

    memset(buf, 0, size);
    strlcpy(buf, s, size);
    return copy_to_guest(arg, buf, size) ? -XEN_EFAULT : 0;
}

static uint32_t hvm_features(const struct domain *d)
{
    uint32_t f = (1u << XENFEAT_memory_op_vnode_supported) |
                 (1u << XENFEAT_writable_page_tables) |
                 (1u << XENFEAT_auto_translated_physmap) |
                 (1u << XENFEAT_hvm_callback_vector) |
                 (1u << XENFEAT_hvm_safe_pvclock) |
                 (1u << XENFEAT_linux_rsdp_unrestricted);

    if (d->is_privileged)
        f |= 1u << XENFEAT_dom0;
    return f;
}

long do_xen_version(int cmd, uint64_t arg)
{
    struct domain *d = current->domain;

    switch (cmd) {
    case XENVER_version:
        return (4 << 16) | 17;
    case XENVER_extraversion:
        return copy_string(arg, XEN_EXTRAVERSION, sizeof(xen_extraversion_t));
    case XENVER_compile_info: {
        struct xen_compile_info info;

        memset(&info, 0, sizeof(info));
        strlcpy(info.compiler, XENLAB_COMPILER, sizeof(info.compiler));
        strlcpy(info.compile_by, "xenlab", sizeof(info.compile_by));
        strlcpy(info.compile_domain, "xenlab", sizeof(info.compile_domain));
        strlcpy(info.compile_date, XENLAB_BUILD_DATE, sizeof(info.compile_date));
        return copy_to_guest(arg, &info, 1) ? -XEN_EFAULT : 0;
    }
    case XENVER_capabilities:
        return copy_string(arg, "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64",
                           sizeof(xen_capabilities_info_t));
    case XENVER_changeset:
        return copy_string(arg, XENLAB_BUILD, sizeof(xen_changeset_info_t));
    case XENVER_platform_parameters: {
        xen_platform_parameters_t p = { .virt_start = 0 };  /* HVM: no hole */

        return copy_to_guest(arg, &p, 1) ? -XEN_EFAULT : 0;
    }
    case XENVER_get_features: {
        xen_feature_info_t fi;

        if (copy_from_guest(&fi, arg, 1))
            return -XEN_EFAULT;
        if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
            return -XEN_EINVAL;
        fi.submap = hvm_features(d);
        return copy_to_guest(arg, &fi, 1) ? -XEN_EFAULT : 0;
    }
    case XENVER_pagesize:
        /* Xen 4.17: the size only for a NULL handle, else -EINVAL. */
        return arg ? -XEN_EINVAL : (long)PAGE_SIZE;
    case XENVER_guest_handle:
        return copy_to_guest(arg, d->handle, sizeof(d->handle)) ? -XEN_EFAULT : 0;
    case XENVER_commandline:
        /* Xen's XSM policy denies it to all but the hardware domain, and a
         * denied caller still gets a string copied: xen_deny()'s. */
        if (!d->is_privileged)
            return copy_to_guest(arg, "<denied>", sizeof("<denied>")) ? -XEN_EFAULT : 0;
        return -XEN_ENOSYS;
    case XENVER_build_id:
        /* Xen's XSM policy: the hardware domain only. */
        return d->is_privileged ? -XEN_ENOSYS : -XEN_EPERM;
    }
    return -XEN_ENOSYS;
}
