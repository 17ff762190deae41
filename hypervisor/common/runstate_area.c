/* VCPUOP_register_runstate_memory_area and VMASST_TYPE_runstate_update_flag:
 * a copy of a vCPU's runstate (public/vcpu.h) kept at a guest virtual
 * address, refreshed whenever the vCPU is switched in or out, from which
 * Linux computes steal time. As Xen 4.17 (common/domain.c, arch/x86/
 * domain.c): the address is the registering vCPU's and is used as is, a
 * failed copy is ignored, and with the update flag the top byte of
 * state_entry_time carries XEN_RUNSTATE_UPDATE while the record changes
 * so that a reader on another vCPU can retry (xen_get_runstate_snapshot). */
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/guest_access.h>
#include <xen/trace.h>
#include <public/vcpu.h>
#include <public/errno.h>
#include <asm/smp.h>

/* The byte of state_entry_time that holds XEN_RUNSTATE_UPDATE (bit 63). */
#define UPDATE_BYTE (offsetof(struct vcpu_runstate_info, state_entry_time) + 7)

int register_runstate_area(struct vcpu *v, uint64_t arg)
{
    struct vcpu_register_runstate_memory_area area;
    struct vcpu_runstate_info rs;

    if (copy_from_guest(&area, arg, 1))
        return -XEN_EFAULT;
    /* HVM handles are not range-checked (guest_handle_okay). A null one
     * stops the updates. */
    v->runstate_guest = (uint64_t)(uintptr_t)area.addr.v;
    trace(TRC_HCALL, "runstate_area", "d=%u v=%d va=%#llx", v->domain->domain_id,
          v->vcpu_id, (unsigned long long)v->runstate_guest);
    if (!v->runstate_guest)
        return 0;
    /* Written through the caller's page tables: Linux registers each
     * secondary vCPU's area from the boot vCPU before starting it. */
    if (v == current)
        rs = v->runstate;
    else
        vcpu_runstate_get(v, &rs);
    (void)copy_to_guest(v->runstate_guest, &rs, 1);
    return 0;
}

void update_runstate_area(struct vcpu *v)
{
    struct vcpu_runstate_info rs = v->runstate;
    bool flag = v->domain->vm_assist & (1UL << VMASST_TYPE_runstate_update_flag);
    uint8_t top;

    if (!v->runstate_guest)
        return;
    if (flag) {
        rs.state_entry_time |= XEN_RUNSTATE_UPDATE;
        top = (uint8_t)(rs.state_entry_time >> 56);
        (void)copy_to_vcpu_guest(v, v->runstate_guest + UPDATE_BYTE, &top, 1);
        __atomic_thread_fence(__ATOMIC_RELEASE);
    }
    (void)copy_to_vcpu_guest(v, v->runstate_guest, &rs, sizeof(rs));
    if (flag) {
        __atomic_thread_fence(__ATOMIC_RELEASE);
        top = (uint8_t)((rs.state_entry_time & ~XEN_RUNSTATE_UPDATE) >> 56);
        (void)copy_to_vcpu_guest(v, v->runstate_guest + UPDATE_BYTE, &top, 1);
    }
}

/* HYPERVISOR_vm_assist: an HVM domain may set only the runstate update
 * flag (Xen's HVM_VM_ASSIST_MASK). */
long do_vm_assist(unsigned int cmd, unsigned int type)
{
    struct domain *d = current->domain;
    const unsigned long valid = 1UL << VMASST_TYPE_runstate_update_flag;

    if (type >= 64 || !(valid & (1UL << type)))
        return -XEN_EINVAL;
    switch (cmd) {
    case VMASST_CMD_enable:
        __atomic_fetch_or(&d->vm_assist, 1UL << type, __ATOMIC_SEQ_CST);
        return 0;
    case VMASST_CMD_disable:
        __atomic_fetch_and(&d->vm_assist, ~(1UL << type), __ATOMIC_SEQ_CST);
        return 0;
    }
    return -XEN_ENOSYS;
}
