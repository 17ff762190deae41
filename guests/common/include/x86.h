/* Instruction wrappers (AMD APM vol. 3 / Intel SDM vol. 2). The *_safe forms
 * catch the exception an instruction raises (see traps.h: exinfo_t). */
#ifndef GUEST_X86_H
#define GUEST_X86_H

#include "types.h"
#include "traps.h"

#define X86_EFLAGS_IF   (1u << 9)
#define X86_CR0_PG      (1ul << 31)

struct cpuid_leaf { uint32_t a, b, c, d; };

static inline struct cpuid_leaf cpuid_count(uint32_t leaf, uint32_t subleaf)
{
    struct cpuid_leaf r;

    asm volatile ( "cpuid" : "=a" (r.a), "=b" (r.b), "=c" (r.c), "=d" (r.d)
                   : "0" (leaf), "2" (subleaf) );
    return r;
}

static inline struct cpuid_leaf cpuid(uint32_t leaf)
{
    return cpuid_count(leaf, 0);
}

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile ( "rdtsc" : "=a" (lo), "=d" (hi) );
    return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    asm volatile ( "rdmsr" : "=a" (lo), "=d" (hi) : "c" (msr) );
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
    asm volatile ( "wrmsr" :: "c" (msr), "a" ((uint32_t)val),
                   "d" ((uint32_t)(val >> 32)) : "memory" );
}

static inline exinfo_t rdmsr_safe(uint32_t msr, uint64_t *val)
{
    uint32_t lo = 0, hi = 0;
    exinfo_t ex = 0;

    asm volatile ( "1: rdmsr; 2:\n" _ASM_EXTABLE(1b, 2b)
                   : "=a" (lo), "=d" (hi), "+D" (ex) : "c" (msr) );
    *val = ((uint64_t)hi << 32) | lo;
    return ex;
}

static inline exinfo_t wrmsr_safe(uint32_t msr, uint64_t val)
{
    exinfo_t ex = 0;

    asm volatile ( "1: wrmsr; 2:\n" _ASM_EXTABLE(1b, 2b)
                   : "+D" (ex) : "c" (msr), "a" ((uint32_t)val),
                     "d" ((uint32_t)(val >> 32)) : "memory" );
    return ex;
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    asm volatile ( "inb %1, %0" : "=a" (v) : "Nd" (port) );
    return v;
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;

    asm volatile ( "inw %1, %0" : "=a" (v) : "Nd" (port) );
    return v;
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;

    asm volatile ( "inl %1, %0" : "=a" (v) : "Nd" (port) );
    return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
    asm volatile ( "outb %0, %1" :: "a" (v), "Nd" (port) );
}

static inline void outl(uint16_t port, uint32_t v)
{
    asm volatile ( "outl %0, %1" :: "a" (v), "Nd" (port) );
}

static inline uint64_t read_cr2(void)
{
    uint64_t v;

    asm volatile ( "mov %%cr2, %0" : "=r" (v) );
    return v;
}

static inline uint64_t read_cr3(void)
{
    uint64_t v;

    asm volatile ( "mov %%cr3, %0" : "=r" (v) );
    return v;
}

static inline uint64_t read_flags(void)
{
    uint64_t v;

    asm volatile ( "pushf; pop %0" : "=r" (v) );
    return v;
}

static inline void invlpg(const void *va)
{
    asm volatile ( "invlpg (%0)" :: "r" (va) : "memory" );
}

static inline void cli(void) { asm volatile ( "cli" ::: "memory" ); }
static inline void sti(void) { asm volatile ( "sti" ::: "memory" ); }
static inline void pause(void) { asm volatile ( "pause" ); }

#endif
