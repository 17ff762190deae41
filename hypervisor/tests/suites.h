/* Every test file contributes one Check suite to tests/run_tests.c. */
#ifndef TESTS_SUITES_H
#define TESTS_SUITES_H
#include <check.h>

Suite *cmdline_suite(void);
Suite *trace_suite(void);
Suite *memory_suite(void);
Suite *multiboot_suite(void);
Suite *acpi_suite(void);
Suite *gcov_extract_suite(void);
Suite *domheap_suite(void);
Suite *insn_length_suite(void);
Suite *dom0less_suite(void);
Suite *guest_copy_suite(void);
Suite *guest_walk_suite(void);
Suite *p2m_suite(void);
Suite *sched_credit_suite(void);
Suite *libelf_suite(void);
Suite *libelf_notes_suite(void);
Suite *pvh_layout_suite(void);
Suite *pvh_acpi_suite(void);
Suite *bzimage_suite(void);
Suite *event_channel_suite(void);
Suite *timer_suite(void);
Suite *trace_buffer_suite(void);
Suite *sched_runq_suite(void);
Suite *physmap_suite(void);
Suite *intblk_suite(void);
Suite *unxz_suite(void);
Suite *unlz4_suite(void);
Suite *lz4_block_suite(void);
Suite *pvclock_suite(void);
Suite *vcpu_timer_suite(void);
Suite *grant_table_suite(void);
Suite *hypercall_args_suite(void);
Suite *console_switch_suite(void);
Suite *vcpu_context_suite(void);
Suite *svm_exitcode_suite(void);

#endif
