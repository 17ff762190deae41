/* Per-CPU data. DEFINE_PER_CPU variables live in .bss.percpu (so they start
 * zeroed); CPU0 uses that section itself, every AP gets a zeroed copy, and
 * __per_cpu_offset[cpu] is the distance to it. The CPU's own number and
 * area are found through GS (struct cpu_info, see asm/smp.h). */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H
#include <asm/config.h>
#include <xen/types.h>

/* __per_cpu_offset[] of a CPU that is not up: added to any hypervisor
 * address (all below 2^47) it gives a non-canonical one, so per_cpu() of
 * such a CPU faults (#GP) instead of aliasing CPU0's data. Xen's name. */
#define INVALID_PERCPU_AREA 0x8000000000000000UL
extern unsigned long __per_cpu_offset[NR_CPUS];
extern char __per_cpu_start[], __per_cpu_end[];

#define DEFINE_PER_CPU(type, name) \
    __attribute__((section(".bss.percpu"))) __typeof__(type) per_cpu__##name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) per_cpu__##name

#define per_cpu(name, cpu) \
    (*(__typeof__(per_cpu__##name) *)((char *)&per_cpu__##name + \
                                      __per_cpu_offset[cpu]))
#define this_cpu(name) per_cpu(name, smp_processor_id())

#endif
