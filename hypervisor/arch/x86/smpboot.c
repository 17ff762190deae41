/* SMP bring-up: every enabled CPU in the ACPI MADT gets INIT-SIPI-SIPI
 * (Intel SDM vol. 3 §8.4.4.1), its own stack, per-CPU area and idle vCPU. */
#include <xen/lib.h>
#include <xen/time.h>
#include <xen/trace.h>
#include <xen/xmalloc.h>
#include <xen/sched.h>
#include <xen/acpi.h>
#include <asm/smp.h>
#include <asm/apic.h>
#include <asm/regs.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/hvm/hvm.h>
#include <asm/spinlock.h>

struct cpu_info cpu_info[NR_CPUS];
unsigned long __per_cpu_offset[NR_CPUS];
unsigned int nr_cpu_ids = 1;
volatile unsigned int num_online_cpus;
uint32_t cpu_online_map[2];

extern char trampoline_start[], trampoline_end[];
extern char ap_cr3[], ap_stack[], ap_cpu[];
extern unsigned int opt_maxcpus;

void cpu_info_init(unsigned int cpu, uint32_t apic_id)
{
    cpu_info[cpu].cpu_id = cpu;
    cpu_info[cpu].apic_id = apic_id;
    wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)&cpu_info[cpu]);
}

static void set_cpu_online(unsigned int cpu)
{
    __atomic_fetch_or(&cpu_online_map[cpu / 32], 1u << (cpu % 32), __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&num_online_cpus, 1, __ATOMIC_SEQ_CST);
}

static void *tramp_var(char *sym)
{
    return maddr_to_virt(TRAMPOLINE_PHYS + (sym - trampoline_start));
}

void start_secondary(unsigned int cpu)
{
    cpu_info_init(cpu, cpu_info[cpu].apic_id);
    percpu_traps_init(cpu);
    setup_local_APIC(false);
    cpu_info[cpu].apic_id = get_apic_id();
    start_svm();
    sched_init_cpu(cpu);
    set_cpu_online(cpu);
    trace(TRC_BOOT, "cpu_up", "cpu=%u apic=%u", cpu, cpu_info[cpu].apic_id);
    startup_cpu_idle_loop();
}

static int boot_one_cpu(unsigned int cpu, uint32_t apic_id)
{
    void *stack = xmalloc_bytes(STACK_SIZE);
    s_time_t deadline;

    if (!stack)
        return -1;
    /* Zeroed per-CPU area; CPU0 keeps the link-time one. */
    char *area = xzalloc_bytes(__per_cpu_end - __per_cpu_start);

    if (!area)
        return -1;
    __per_cpu_offset[cpu] = (unsigned long)(area - __per_cpu_start);
    cpu_info[cpu].apic_id = apic_id;
    cpu_info[cpu].stack_base = stack;
    *(uint64_t *)tramp_var(ap_cr3) = read_cr3();
    *(uint64_t *)tramp_var(ap_stack) = (uint64_t)(uintptr_t)stack + STACK_SIZE;
    *(uint64_t *)tramp_var(ap_cpu) = cpu;

    send_IPI(apic_id, APIC_DM_INIT | APIC_INT_ASSERT);
    udelay(10000);
    for (int i = 0; i < 2; i++) {
        send_IPI(apic_id, APIC_DM_STARTUP | (TRAMPOLINE_PHYS >> 12));
        udelay(200);
    }
    deadline = NOW() + SECONDS(2);
    while (!cpu_online(cpu) && NOW() < deadline)
        cpu_relax();
    return cpu_online(cpu) ? 0 : -1;
}

void smp_prepare_cpus(void)
{
    cpu_info_init(0, get_apic_id());
    set_cpu_online(0);
}

void smp_boot_cpus(void)
{
    unsigned int cpu = 1, limit = MIN(opt_maxcpus, NR_CPUS);

    memcpy(maddr_to_virt(TRAMPOLINE_PHYS), trampoline_start,
           trampoline_end - trampoline_start);
    for (unsigned int i = 0; i < acpi_info.nr_lapics; i++) {
        uint32_t id = acpi_info.lapic_ids[i];

        if (id == cpu_info[0].apic_id)
            continue;
        if (cpu >= limit) {
            printk(XENLOG_WARNING "CPU with APIC ID %u not started (maxcpus=%u)\n",
                   id, limit);
            continue;
        }
        if (boot_one_cpu(cpu, id)) {
            printk(XENLOG_ERR "CPU%u (APIC ID %u) did not come up\n", cpu, id);
            continue;
        }
        printk(XENLOG_INFO "CPU%u: APIC ID %u online\n", cpu, id);
        cpu++;
    }
    nr_cpu_ids = cpu;
}

/* Call-function IPIs: one request at a time, the caller waits for all. */
static DEFINE_SPINLOCK(call_lock);
static void (*call_fn)(void *);
static void *call_data;
static volatile unsigned int call_pending;

void smp_call_function(void (*fn)(void *), void *data)
{
    unsigned int others = num_online_cpus - 1;

    /* With interrupts off, two CPUs calling at once would wait for each
     * other forever. */
    BUG_ON(!local_irq_is_enabled());
    if (!others)
        return;
    spin_lock(&call_lock);
    call_fn = fn;
    call_data = data;
    __atomic_store_n(&call_pending, others, __ATOMIC_SEQ_CST);
    trace(TRC_IRQ, "ipi", "vector=0x%x dest=allbutself", CALL_FUNCTION_VECTOR);
    send_IPI_allbutself(APIC_DM_FIXED | CALL_FUNCTION_VECTOR);
    while (__atomic_load_n(&call_pending, __ATOMIC_SEQ_CST))
        cpu_relax();
    spin_unlock(&call_lock);
}

void smp_call_function_interrupt(void)
{
    ack_APIC_irq();
    call_fn(call_data);
    __atomic_fetch_sub(&call_pending, 1, __ATOMIC_SEQ_CST);
}
