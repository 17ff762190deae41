/* copy_{to,from}_guest for hypercalls of HVM vCPUs: through the vCPU's page
 * tables and the p2m, as supervisor accesses. */
#include <xen/guest_access.h>
#include <xen/sched.h>
#include <asm/smp.h>
#include <asm/hvm/hvm.h>

size_t raw_copy_to_guest(uint64_t va, const void *buf, size_t len)
{
    uint32_t pfec;
    uint64_t fault;

    return hvm_copy_to_guest_linear(current, va, buf, len, 0, &pfec, &fault) ==
           HVMTRANS_okay ? 0 : len;
}

size_t copy_to_vcpu_guest(struct vcpu *v, uint64_t va, const void *buf, size_t len)
{
    uint32_t pfec;
    uint64_t fault;

    return hvm_copy_to_guest_linear(v, va, buf, len, 0, &pfec, &fault) ==
           HVMTRANS_okay ? 0 : len;
}

size_t raw_copy_from_guest(void *buf, uint64_t va, size_t len)
{
    uint32_t pfec;
    uint64_t fault;

    return hvm_copy_from_guest_linear(current, buf, va, len, 0, &pfec, &fault) ==
           HVMTRANS_okay ? 0 : len;
}
