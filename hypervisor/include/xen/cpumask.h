/* CPU masks with Xen's names (xen/include/xen/cpumask.h). NR_CPUS is 64,
 * so a mask is one 64-bit word; the helpers are pure (host-tested too). */
#ifndef XEN_CPUMASK_H
#define XEN_CPUMASK_H
#include <xen/types.h>

#define CPUMASK_BITS 64                 /* = NR_CPUS (asm/config.h) */

typedef struct cpumask { uint64_t bits; } cpumask_t;

#define CPU_MASK_NONE ((cpumask_t){ 0 })
#define CPU_MASK_ALL  ((cpumask_t){ ~0ULL })

static inline uint64_t cpumask_bit(unsigned int cpu)
{
    return cpu < CPUMASK_BITS ? 1ULL << cpu : 0;
}
/* Atomic, as Xen's (set_bit): masks like the idlers change under
 * different locks; the __ forms are for masks one owner holds. */
static inline void cpumask_set_cpu(unsigned int cpu, cpumask_t *m)
{
    __atomic_fetch_or(&m->bits, cpumask_bit(cpu), __ATOMIC_SEQ_CST);
}
static inline void cpumask_clear_cpu(unsigned int cpu, cpumask_t *m)
{
    __atomic_fetch_and(&m->bits, ~cpumask_bit(cpu), __ATOMIC_SEQ_CST);
}
static inline void __cpumask_set_cpu(unsigned int cpu, cpumask_t *m)
{
    m->bits |= cpumask_bit(cpu);
}
static inline void __cpumask_clear_cpu(unsigned int cpu, cpumask_t *m)
{
    m->bits &= ~cpumask_bit(cpu);
}
static inline bool cpumask_test_cpu(unsigned int cpu, const cpumask_t *m)
{
    return __atomic_load_n(&m->bits, __ATOMIC_RELAXED) & cpumask_bit(cpu);
}
static inline void cpumask_clear(cpumask_t *m) { m->bits = 0; }
static inline void cpumask_copy(cpumask_t *d, const cpumask_t *s) { *d = *s; }
static inline void cpumask_and(cpumask_t *d, const cpumask_t *a, const cpumask_t *b)
{
    d->bits = a->bits & b->bits;
}
static inline void cpumask_or(cpumask_t *d, const cpumask_t *a, const cpumask_t *b)
{
    d->bits = a->bits | b->bits;
}
static inline void cpumask_andnot(cpumask_t *d, const cpumask_t *a, const cpumask_t *b)
{
    d->bits = a->bits & ~b->bits;
}
static inline bool cpumask_empty(const cpumask_t *m) { return !m->bits; }
static inline bool cpumask_intersects(const cpumask_t *a, const cpumask_t *b)
{
    return a->bits & b->bits;
}
static inline bool cpumask_equal(const cpumask_t *a, const cpumask_t *b)
{
    return a->bits == b->bits;
}
static inline unsigned int cpumask_weight(const cpumask_t *m)
{
    return (unsigned int)__builtin_popcountll(m->bits);
}
/* First set CPU, or CPUMASK_BITS when the mask is empty (Xen: nr_cpu_ids). */
static inline unsigned int cpumask_first(const cpumask_t *m)
{
    return m->bits ? (unsigned int)__builtin_ctzll(m->bits) : CPUMASK_BITS;
}
/* First set CPU above cpu, or CPUMASK_BITS. */
static inline unsigned int cpumask_next(unsigned int cpu, const cpumask_t *m)
{
    uint64_t rest = cpu + 1 >= CPUMASK_BITS ? 0 : m->bits & (~0ULL << (cpu + 1));

    return rest ? (unsigned int)__builtin_ctzll(rest) : CPUMASK_BITS;
}
/* Next set CPU after cpu, wrapping around (may return cpu itself). */
static inline unsigned int cpumask_cycle(unsigned int cpu, const cpumask_t *m)
{
    unsigned int n = cpumask_next(cpu, m);

    return n < CPUMASK_BITS ? n : cpumask_first(m);
}
static inline cpumask_t cpumask_of(unsigned int cpu)
{
    return (cpumask_t){ cpumask_bit(cpu) };
}

#define for_each_cpu(cpu, mask) \
    for ((cpu) = cpumask_first(mask); (cpu) < CPUMASK_BITS; \
         (cpu) = cpumask_next((cpu), (mask)))

#endif
