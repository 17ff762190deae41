/* The one place where hypercalls are dispatched and traced. Handlers are
 * named do_<hypercall> as in Xen and are added to the table as they are
 * implemented; numbers come from the public ABI (public/xen.h). */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/trace.h>
#include <public/errno.h>

typedef long hypercall_fn_t(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                            uint64_t a5);

/* Indexed by __HYPERVISOR_* number. Still empty: no guest can issue a
 * hypercall before the SVM rung, and every call then gets -ENOSYS. */
static hypercall_fn_t *const hypercall_table[64];

static const char *hypercall_name(unsigned int nr)
{
    switch (nr) {
    case __HYPERVISOR_memory_op: return "memory_op";
    case __HYPERVISOR_xen_version: return "xen_version";
    case __HYPERVISOR_console_io: return "console_io";
    case __HYPERVISOR_grant_table_op: return "grant_table_op";
    case __HYPERVISOR_vcpu_op: return "vcpu_op";
    case __HYPERVISOR_sched_op: return "sched_op";
    case __HYPERVISOR_event_channel_op: return "event_channel_op";
    case __HYPERVISOR_hvm_op: return "hvm_op";
    case __HYPERVISOR_sysctl: return "sysctl";
    case __HYPERVISOR_domctl: return "domctl";
    }
    return "unknown";
}

long do_hypercall(struct vcpu *v, unsigned int nr, const uint64_t a[5])
{
    hypercall_fn_t *fn = nr < ARRAY_SIZE(hypercall_table) ? hypercall_table[nr] : NULL;
    long rc;

    trace(TRC_HCALL, "call", "d=%u v=%d nr=%u name=%s a1=%#llx a2=%#llx",
          v->domain->domain_id, v->vcpu_id, nr, hypercall_name(nr),
          (unsigned long long)a[0], (unsigned long long)a[1]);
    rc = fn ? fn(a[0], a[1], a[2], a[3], a[4]) : -XEN_ENOSYS;
    trace(TRC_HCALL, "ret", "d=%u v=%d nr=%u rc=%ld", v->domain->domain_id,
          v->vcpu_id, nr, rc);
    return rc;
}
