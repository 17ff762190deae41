/* One runner for all suites, so the TAP file (CK_TAP_LOG_FILE_NAME) has a
 * single plan. */
#include "suites.h"

int main(void)
{
    SRunner *sr = srunner_create(cmdline_suite());
    int failed;

    srunner_add_suite(sr, trace_suite());
    srunner_add_suite(sr, memory_suite());
    srunner_add_suite(sr, multiboot_suite());
    srunner_add_suite(sr, acpi_suite());
    srunner_add_suite(sr, gcov_extract_suite());
    srunner_add_suite(sr, domheap_suite());
    srunner_add_suite(sr, insn_length_suite());
    srunner_add_suite(sr, dom0less_suite());
    srunner_add_suite(sr, guest_copy_suite());
    srunner_add_suite(sr, guest_walk_suite());
    srunner_add_suite(sr, p2m_suite());
    srunner_add_suite(sr, sched_credit_suite());
    srunner_add_suite(sr, libelf_suite());
    srunner_add_suite(sr, libelf_notes_suite());
    srunner_add_suite(sr, pvh_layout_suite());
    srunner_add_suite(sr, pvh_acpi_suite());
    srunner_add_suite(sr, bzimage_suite());
    srunner_add_suite(sr, event_channel_suite());
    srunner_add_suite(sr, timer_suite());
    srunner_add_suite(sr, trace_buffer_suite());
    srunner_add_suite(sr, sched_runq_suite());
    srunner_add_suite(sr, physmap_suite());
    srunner_add_suite(sr, intblk_suite());
    srunner_add_suite(sr, unxz_suite());
    srunner_add_suite(sr, unlz4_suite());
    srunner_add_suite(sr, lz4_block_suite());
    srunner_add_suite(sr, pvclock_suite());
    srunner_add_suite(sr, vcpu_timer_suite());
    srunner_add_suite(sr, grant_table_suite());
    srunner_add_suite(sr, hypercall_args_suite());
    srunner_add_suite(sr, console_switch_suite());
    srunner_add_suite(sr, vcpu_context_suite());
    srunner_add_suite(sr, svm_exitcode_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
