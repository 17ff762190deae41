/* CPU identity: GS points at this CPU's struct cpu_info. */
#ifndef ASM_SMP_H
#define ASM_SMP_H
#include <asm/config.h>
#include <asm/percpu.h>

struct vcpu;

struct cpu_info {
    unsigned int cpu_id;        /* first: smp_processor_id() reads gs:0 */
    uint32_t apic_id;
    struct vcpu *curr_vcpu;
    void *stack_base;
};

extern struct cpu_info cpu_info[NR_CPUS];
extern char cpu0_stack[];                   /* head.S: CPU0's stack */
extern unsigned int nr_cpu_ids;             /* CPUs listed by the MADT */
extern volatile unsigned int num_online_cpus;
extern uint32_t cpu_online_map[2];           /* bit per CPU (NR_CPUS = 64) */

static inline unsigned int smp_processor_id(void)
{
    unsigned int id;

    asm volatile("movl %%gs:0, %0" : "=r"(id));
    return id;
}

static inline struct vcpu *get_current(void)
{
    return cpu_info[smp_processor_id()].curr_vcpu;
}
#define current get_current()

static inline bool cpu_online(unsigned int cpu)
{
    return cpu < NR_CPUS && (cpu_online_map[cpu / 32] >> (cpu % 32)) & 1;
}
#define for_each_online_cpu(c) \
    for ((c) = 0; (c) < NR_CPUS; (c)++) if (cpu_online(c))

#define BAD_APICID 0xffffffffu               /* no CPU has it */

extern char cpu0_stack[];                   /* head.S; its guard page is below */
extern char trampoline_start[], trampoline_end[], ap_cr3[];  /* boot/trampoline.S */
/* Read by the trampoline: an AP looks for its APIC ID, takes that slot's
 * index and stack. */
extern uint32_t ap_boot_apic_id[NR_CPUS];
extern uint64_t ap_boot_stack[NR_CPUS];
extern unsigned int opt_maxcpus;
extern unsigned int opt_smpboot_late_ap;    /* test hook: an APIC ID, see smpboot.c */

void cpu_info_init(unsigned int cpu, uint32_t apic_id);
void smp_prepare_cpus(void);
void smp_boot_cpus(void);
void start_secondary(unsigned int cpu) __attribute__((noreturn));
/* Panic, power off, reboot: stops the other CPUs for good (shutdown.c). */
unsigned int smp_send_stop(void);
/* Runs fn(data) on every other online CPU and waits for them. */
void smp_call_function(void (*fn)(void *), void *data);

#endif
