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
#include <xen/mm.h>

struct cpu_info cpu_info[NR_CPUS];
/* Xen's INVALID_PERCPU_AREA: per_cpu() of a CPU that is not up yields a
 * non-canonical address and faults (#GP) instead of reading CPU0's data. */
unsigned long __per_cpu_offset[NR_CPUS] = { [1 ... NR_CPUS - 1] = INVALID_PERCPU_AREA };
unsigned int nr_cpu_ids = 1;
volatile unsigned int num_online_cpus;
uint32_t cpu_online_map[2];
unsigned int opt_smpboot_late_ap = BAD_APICID;

/* What an AP looks up in the trampoline: its slot is the one holding its
 * APIC ID. CPU indices are never reused, so an AP that wakes late finds
 * its own slot (its own stack), never the next CPU's. */
uint32_t ap_boot_apic_id[NR_CPUS] = { [0 ... NR_CPUS - 1] = BAD_APICID };
uint64_t ap_boot_stack[NR_CPUS];

/* Xen's hand-shake, one state per CPU index: the BSP sets CALLOUT before
 * the SIPI; the AP moves it to CALLIN on arrival, or the BSP to DEAD when
 * it gives up. Whoever moves it first wins; a late AP parks itself. */
enum { CPU_STATE_NONE, CPU_STATE_CALLOUT, CPU_STATE_CALLIN, CPU_STATE_DEAD };
static int cpu_state[NR_CPUS];

static bool cpu_state_move(unsigned int cpu, int from, int to)
{
    return __atomic_compare_exchange_n(&cpu_state[cpu], &from, to, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

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

void start_secondary(unsigned int cpu)
{
    cpu_info_init(cpu, ap_boot_apic_id[cpu]);
    percpu_traps_init(cpu);                 /* an IDT first: a stop NMI may come */
    if (!cpu_state_move(cpu, CPU_STATE_CALLOUT, CPU_STATE_CALLIN)) {
        /* Given up on: nothing but this stack, cpu_info[cpu] and this
         * index's TSS and IST stacks are ours. */
        printk(XENLOG_WARNING "CPU%u (APIC ID %u) started after the BSP gave up on it: parked\n",
               cpu, ap_boot_apic_id[cpu]);
        trace(TRC_BOOT, "cpu_parked", "cpu=%u apic=%u", cpu, ap_boot_apic_id[cpu]);
        halt_forever();
    }
    setup_local_APIC(false);
    cpu_info[cpu].apic_id = get_apic_id();
    start_svm();
    sched_init_cpu(cpu);
    set_cpu_online(cpu);
    trace(TRC_BOOT, "cpu_up", "cpu=%u apic=%u", cpu, cpu_info[cpu].apic_id);
    startup_cpu_idle_loop();
}

/* Stack (with a guard page below it) and per-CPU area of a CPU index,
 * all allocated before any AP runs, so the directmap changes need no TLB
 * shootdown. The stack is the top of an order-STACK_ORDER block. */
static int cpu_smpboot_alloc(unsigned int cpu, uint32_t apic_id)
{
    char *block = alloc_xenheap_pages(STACK_ORDER), *stack;
    char *area = xzalloc_bytes(__per_cpu_end - __per_cpu_start);

    if (!block || !area)
        return -1;
    stack = block + (PAGE_SIZE << STACK_ORDER) - STACK_SIZE;
    if (memguard_guard_stack(stack))
        return -1;
    __per_cpu_offset[cpu] = (unsigned long)(area - __per_cpu_start);
    cpu_info[cpu].apic_id = apic_id;
    cpu_info[cpu].stack_base = stack;
    ap_boot_stack[cpu] = (uint64_t)(uintptr_t)stack + STACK_SIZE;
    ap_boot_apic_id[cpu] = apic_id;
    return 0;
}

/* The CPU is not ours to use: its per-CPU data faults again. Its stack
 * stays allocated, since a late AP may be running on it. */
static void cpu_smpboot_give_up(unsigned int cpu)
{
    xfree((char *)__per_cpu_start + __per_cpu_offset[cpu]);
    __per_cpu_offset[cpu] = INVALID_PERCPU_AREA;
}

static int boot_one_cpu(unsigned int cpu)
{
    uint32_t apic_id = ap_boot_apic_id[cpu];
    s_time_t deadline;

    __atomic_store_n(&cpu_state[cpu], CPU_STATE_CALLOUT, __ATOMIC_SEQ_CST);
    /* Test hook: give up before it can answer, as if it woke too late. */
    if (apic_id == opt_smpboot_late_ap && cpu_state_move(cpu, CPU_STATE_CALLOUT, CPU_STATE_DEAD))
        printk(XENLOG_WARNING "CPU%u (APIC ID %u): giving up at once (smpboot_late_ap)\n",
               cpu, apic_id);
    send_IPI(apic_id, APIC_DM_INIT | APIC_INT_ASSERT);
    udelay(10000);
    for (int i = 0; i < 2; i++) {
        send_IPI(apic_id, APIC_DM_STARTUP | (TRAMPOLINE_PHYS >> 12));
        udelay(200);
    }
    deadline = NOW() + SECONDS(2);
    while (!cpu_online(cpu) && NOW() < deadline && cpu_state[cpu] != CPU_STATE_DEAD)
        cpu_relax();
    if (cpu_online(cpu))
        return 0;
    if (cpu_state_move(cpu, CPU_STATE_CALLOUT, CPU_STATE_DEAD) || cpu_state[cpu] == CPU_STATE_DEAD) {
        cpu_smpboot_give_up(cpu);
        return -1;
    }
    /* It called in at the deadline: it owns the index now; let it finish. */
    deadline = NOW() + SECONDS(2);
    while (!cpu_online(cpu) && NOW() < deadline)
        cpu_relax();
    return cpu_online(cpu) ? 0 : -1;
}

void smp_prepare_cpus(void)
{
    cpu_info_init(0, get_apic_id());
    cpu_info[0].stack_base = cpu0_stack;
    set_cpu_online(0);
}

void smp_boot_cpus(void)
{
    unsigned int n = 1, limit = MIN(opt_maxcpus, NR_CPUS);

    memcpy(maddr_to_virt(TRAMPOLINE_PHYS), trampoline_start,
           trampoline_end - trampoline_start);
    *(uint64_t *)maddr_to_virt(TRAMPOLINE_PHYS + (ap_cr3 - trampoline_start)) = read_cr3();
    /* Every index gets its stack and slot first; indices are not reused. */
    for (unsigned int i = 0; i < acpi_info.nr_lapics; i++) {
        uint32_t id = acpi_info.lapic_ids[i];

        if (id == cpu_info[0].apic_id)
            continue;
        if (n >= limit) {
            printk(XENLOG_WARNING "CPU with APIC ID %u not started (maxcpus=%u)\n",
                   id, limit);
            continue;
        }
        if (cpu_smpboot_alloc(n, id)) {
            printk(XENLOG_ERR "CPU with APIC ID %u: no memory for its stack\n", id);
            break;
        }
        n++;
    }
    for (unsigned int cpu = 1; cpu < n; cpu++) {
        if (boot_one_cpu(cpu)) {
            printk(XENLOG_ERR "CPU%u (APIC ID %u) did not come up\n", cpu,
                   ap_boot_apic_id[cpu]);
            continue;
        }
        printk(XENLOG_INFO "CPU%u: APIC ID %u online\n", cpu, ap_boot_apic_id[cpu]);
    }
    nr_cpu_ids = n;
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
