/* What a test provides and what it may call. One test is one folder with
 * one main.c defining test_title and test_main(); the framework prints
 * exactly one result line when test_main() returns:
 *   "Test result: SUCCESS"
 *   "Test result: FAILURE: <first failure>"   (test_fail was called)
 *   "Test result: SKIP: <reason>"             (test_skip, and no failure)
 * then shuts the domain down (SCHEDOP_shutdown, poweroff unless the test
 * chose another reason or its own exit with test_set_exit()). */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include "types.h"

#include <xen/arch-x86/hvm/start_info.h>
#include <xen/errno.h>

#include "cmdline.h"
#include "console.h"
#include "hypercall.h"
#include "lib.h"
#include "traps.h"
#include "types.h"
#include "x86.h"

extern const char test_title[];
void test_main(void);

/* Records a failure (the first one is the result's reason); the test goes
 * on, so later checks still print what they see. */
void test_fail(const char *fmt, ...) __printf(1, 2);
/* Records a skip; a failure recorded before or after wins. */
void test_skip(const char *fmt, ...) __printf(1, 2);
bool test_failed(void);

/* The shutdown reason used after the result line (SHUTDOWN_*). */
void test_set_shutdown(unsigned int reason);
/* Replaces the shutdown altogether (the crash test triple-faults). */
void test_set_exit(void (*fn)(void));

/* Prints the result line and ends the domain (exit function, else
 * SCHEDOP_shutdown): what the entry code does after test_main(). */
void __noreturn test_finish(void);
/* Prints the result line now and ends the domain: for unrecoverable errors. */
void __noreturn test_abort(const char *fmt, ...) __printf(1, 2);

/* What the domain builder handed over (PVH boot ABI, public/arch-x86/hvm/
 * start_info.h), the command line ("" when none) and the end of RAM. */
extern const struct hvm_start_info *start_info;
extern const char *test_cmdline;
uint64_t ram_end(void);
bool in_memmap(uint64_t addr);

/* 2 MiB mappings of the identity map (common/pagetable.c). */
#define PTE_PRESENT  (1UL << 0)
#define PTE_RW       (1UL << 1)
#define PTE_PSE      (1UL << 7)
void pt_map_2m(uint64_t va, uint64_t pa, uint64_t flags);
/* The TSC rate from Xen's time leaf (base+3, subleaf 0, ecx), 0 if absent. */
uint32_t tsc_khz(void);

#endif
