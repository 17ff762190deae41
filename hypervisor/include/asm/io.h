/* Port I/O and MMIO accessors. */
#ifndef ASM_IO_H
#define ASM_IO_H
#include <xen/types.h>
#include <asm/config.h>

static inline void outb(uint8_t v, uint16_t port)
{ asm volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outw(uint16_t v, uint16_t port)
{ asm volatile("outw %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outl(uint32_t v, uint16_t port)
{ asm volatile("outl %0, %1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{ uint8_t v; asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t inw(uint16_t port)
{ uint16_t v; asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port)
{ uint32_t v; asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static inline uint32_t readl(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void writel(uint32_t v, uintptr_t a) { *(volatile uint32_t *)a = v; }

/* Physical memory is identity mapped: 0-4 GiB by head.S, the rest of RAM
 * (up to DIRECTMAP_MAX) by directmap_extend() once the memory map is known. */
extern paddr_t directmap_end;
int directmap_extend(paddr_t end, paddr_t (*alloc_page_table)(void));
/* Unmaps the page below a stack (page-aligned bottom): 0, or -1. */
int memguard_guard_stack(void *stack_bottom);
static inline void *maddr_to_virt(paddr_t pa) { return (void *)(uintptr_t)pa; }
static inline paddr_t virt_to_maddr(const void *v) { return (paddr_t)(uintptr_t)v; }

#endif
