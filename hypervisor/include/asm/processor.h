/* CPU registers, MSRs, CPUID, TSC. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H
#include <xen/types.h>

#define MSR_EFER          0xc0000080
#define  EFER_SCE         (1u << 0)    /* AMD APM vol. 2, 3.1.7 */
#define  EFER_LME         (1u << 8)
#define  EFER_LMA         (1u << 10)
#define  EFER_NXE         (1u << 11)
#define  EFER_SVME        (1u << 12)
#define  EFER_FFXSE       (1u << 14)
#define MSR_VM_HSAVE_PA   0xc0010117   /* AMD APM vol. 2, 15.30.4 */
#define MSR_GS_BASE       0xc0000101
#define MSR_APIC_BASE     0x0000001b
#define  APIC_BASE_BSP    (1u << 8)
#define  APIC_BASE_EXTD   (1u << 10)   /* x2APIC mode */
#define  APIC_BASE_ENABLE (1u << 11)
#define X86_EFLAGS_IF     (1u << 9)
#define X86_EFLAGS_DF     (1u << 10)
#define X86_EFLAGS_VM     (1u << 17)
#define X86_CR0_PE        (1u << 0)
#define X86_CR0_WP        (1UL << 16)
#define X86_CR0_PG        (1UL << 31)
/* CR4 (APM vol. 2, 3.1.3), the bits a guest may be given. */
#define X86_CR4_VME        (1u << 0)
#define X86_CR4_PVI        (1u << 1)
#define X86_CR4_TSD        (1u << 2)
#define X86_CR4_DE         (1u << 3)
#define X86_CR4_PSE        (1u << 4)
#define X86_CR4_PAE        (1u << 5)
#define X86_CR4_MCE        (1u << 6)
#define X86_CR4_PGE        (1u << 7)
#define X86_CR4_PCE        (1u << 8)
#define X86_CR4_OSFXSR     (1u << 9)
#define X86_CR4_OSXMMEXCPT (1u << 10)
#define X86_CR4_UMIP       (1u << 11)
#define X86_CR4_LA57       (1u << 12)
#define X86_CR4_FSGSBASE   (1u << 16)
#define X86_CR4_PCIDE      (1u << 17)
#define X86_CR4_OSXSAVE    (1u << 18)
#define X86_CR4_SMEP       (1u << 20)
#define X86_CR4_SMAP       (1u << 21)
#define X86_CR4_PKE        (1u << 22)
#define X86_CR4_CET        (1u << 23)

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    asm volatile("wrmsr" :: "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c,
                         uint32_t *d)
{
    asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
                 : "a"(leaf), "c"(0));
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#define DEFINE_CR(n) \
    static inline unsigned long read_cr##n(void) \
    { unsigned long v; asm volatile("mov %%cr" #n ", %0" : "=r"(v)); return v; } \
    static inline void write_cr##n(unsigned long v) \
    { asm volatile("mov %0, %%cr" #n :: "r"(v) : "memory"); }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void local_irq_disable(void) { asm volatile("cli" ::: "memory"); }
static inline void local_irq_enable(void) { asm volatile("sti" ::: "memory"); }
static inline unsigned long local_save_flags(void)
{
    unsigned long f;

    asm volatile("pushf; pop %0" : "=r"(f) :: "memory");
    return f;
}
static inline unsigned long local_irq_save(void)
{
    unsigned long f = local_save_flags();

    local_irq_disable();
    return f;
}
static inline void local_irq_restore(unsigned long f)
{
    if (f & X86_EFLAGS_IF)
        local_irq_enable();
}
static inline bool local_irq_is_enabled(void)
{
    return local_save_flags() & X86_EFLAGS_IF;
}
static inline void cpu_relax(void) { asm volatile("pause" ::: "memory"); }
/* sti;hlt is atomic: an interrupt between them still ends the hlt. */
static inline void safe_halt(void) { asm volatile("sti; hlt" ::: "memory"); }
static inline void __attribute__((noreturn)) halt_forever(void)
{
    for (;;)
        asm volatile("cli; hlt" ::: "memory");
}
#define barrier() asm volatile("" ::: "memory")

#endif
