/* x86 domain and vCPU set-up, and the context switch: the scheduler picked
 * next; prev's state is saved, and next continues on a fresh stack where
 * its schedule_tail says (the idle loop, or the SVM run loop). Nothing of
 * prev's call chain survives, as in Xen: a vCPU never waits inside the
 * hypervisor, it blocks and is scheduled out. */
#include <xen/sched.h>
#include <xen/lib.h>
#include <xen/softirq.h>
#include <xen/mm.h>
#include <xen/xmalloc.h>
#include <xen/time.h>
#include <asm/smp.h>
#include <asm/processor.h>
#include <asm/hvm/hvm.h>
#include <public/errno.h>

void reset_stack_and_jump(void (*fn)(struct vcpu *), struct vcpu *v)
{
    unsigned int cpu = smp_processor_id();
    uintptr_t top = (uintptr_t)cpu_info[cpu].stack_base + STACK_SIZE;

    asm volatile("mov %0, %%rsp; xor %%ebp, %%ebp; jmp *%2"
                 :: "r"(top), "D"(v), "r"(fn) : "memory");
    __builtin_unreachable();
}

void idle_loop(struct vcpu *v)
{
    unsigned int cpu = smp_processor_id();

    (void)v;
    local_irq_enable();
    for (;;) {
        do_softirq();
        local_irq_disable();
        if (!softirq_pending(cpu))
            safe_halt();                    /* an interrupt wakes us */
        else
            local_irq_enable();
    }
}

void context_switch(struct vcpu *prev, struct vcpu *next)
{
    if (!is_idle_vcpu(prev) && prev->domain->is_hvm) {
        hvm_funcs.ctxt_switch_from(prev);
        update_runstate_area(prev);         /* now runnable or blocked */
    }
    sched_context_switched(prev, next);
    cpumask_set_cpu(smp_processor_id(), &next->cpus_ran_on);
    if (!is_idle_vcpu(next) && next->domain->is_hvm) {
        hvm_funcs.ctxt_switch_to(next);
        pvclock_schedule_in(next);          /* its time, stamped on this pCPU */
        update_runstate_area(next);
    }
    /* The scheduler self-test's dummy vCPUs have no guest state either. */
    reset_stack_and_jump(is_idle_vcpu(next) || !next->domain->is_hvm ? idle_loop :
                         next->arch.schedule_tail, next);
}

void continue_running(struct vcpu *same)
{
    (void)same;                             /* back to its loop, state intact */
}

int arch_domain_create(struct domain *d)
{
    if (!hvm_enabled) {
        printk(XENLOG_ERR "d%u: no SVM on this machine: cannot create an HVM domain\n",
               d->domain_id);
        return -1;
    }
    if (hvm_domain_initialise(d))
        return -1;
    d->arch.physmap_lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
    /* shared_info: a zeroed xenheap page the domain owns, mapped where it
     * asks (XENMEM_add_to_physmap); freed with the domain's memory. */
    d->shared_info = alloc_xenheap_pages(0);
    if (!d->shared_info || share_xen_page_with_guest(d->shared_info, d)) {
        if (d->shared_info)
            free_xenheap_pages(d->shared_info, 0);
        d->shared_info = NULL;
        hvm_domain_destroy(d);
        return -1;
    }
    memset(d->shared_info, 0, PAGE_SIZE);
    d->shared_info_gfn = INVALID_GFN;
    update_domain_wallclock_time(d);        /* from the CMOS clock read at boot */
    return 0;
}

int arch_set_memory_map(struct domain *d, const struct e820entry *map, unsigned int nr)
{
    struct e820entry *copy = xzalloc_array(struct e820entry, nr ? nr : 1);

    if (!copy)
        return -XEN_ENOMEM;
    memcpy(copy, map, nr * sizeof(*map));
    if (d->arch.e820)
        xfree(d->arch.e820);
    d->arch.e820 = copy;
    d->arch.nr_e820 = nr;
    return 0;
}

void arch_domain_destroy(struct domain *d)
{
    hvm_domain_destroy(d);
    if (d->arch.e820)
        xfree(d->arch.e820);
    d->arch.e820 = NULL;
    /* The shared_info page goes with the domain's other pages
     * (domain_relinquish_memory), once nobody holds it. */
}

int arch_vcpu_create(struct vcpu *v)
{
    int rc;

    /* vcpu_info of the first XEN_LEGACY_MAX_VCPUS vCPUs lives in
     * shared_info (public/xen.h); the others have none until they
     * register one (VCPUOP_register_vcpu_info). */
    if (v->vcpu_id < XEN_LEGACY_MAX_VCPUS)
        v->vcpu_info = &v->domain->shared_info->vcpu_info[v->vcpu_id];
    v->arch.schedule_tail = hvm_funcs.do_resume;
    rc = hvm_funcs.vcpu_initialise(v);
    if (!rc)
        update_vcpu_system_time(v);         /* valid before its first run */
    return rc;
}

void arch_vcpu_destroy(struct vcpu *v)
{
    unmap_vcpu_info(v);
    if (v->domain->is_hvm)
        hvm_funcs.vcpu_destroy(v);
}
