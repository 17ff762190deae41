/* Whether an event can be delivered now (arch/x86/hvm/intblk.c): the
 * rules svm_intr_assist applies before injecting an NMI or offering an
 * interrupt (Intel SDM vol. 3, 6.7.1 and 6.8.3; AMD APM vol. 2, 15.21). */
#include <check.h>
#include "suites.h"
#include <asm/hvm/irq.h>

#define IF (1u << 9)

START_TEST(nmis_ignore_if)
{
    ck_assert_int_eq(hvm_intblk(hvm_intsrc_nmi, 0x2, 0), hvm_intblk_none);
    ck_assert_int_eq(hvm_intblk(hvm_intsrc_nmi, 0x2 | IF, 0), hvm_intblk_none);
}
END_TEST

START_TEST(interrupts_need_if)
{
    ck_assert_int_eq(hvm_intblk(hvm_intsrc_lapic, 0x2, 0), hvm_intblk_rflags_ie);
    ck_assert_int_eq(hvm_intblk(hvm_intsrc_lapic, 0x2 | IF, 0), hvm_intblk_none);
    /* An NMI handler running does not hold interrupts back. */
    ck_assert_int_eq(hvm_intblk(hvm_intsrc_lapic, IF, HVM_INTR_SHADOW_NMI), hvm_intblk_none);
}
END_TEST

START_TEST(shadow_blocks_both)
{
    ck_assert_int_eq(hvm_intblk(hvm_intsrc_nmi, 0, HVM_INTR_SHADOW_STI), hvm_intblk_shadow);
    ck_assert_int_eq(hvm_intblk(hvm_intsrc_nmi, IF, HVM_INTR_SHADOW_MOV_SS),
                     hvm_intblk_shadow);
    ck_assert_int_eq(hvm_intblk(hvm_intsrc_lapic, IF, HVM_INTR_SHADOW_STI), hvm_intblk_shadow);
    /* IF=0 is reported first for interrupts, as Xen does. */
    ck_assert_int_eq(hvm_intblk(hvm_intsrc_lapic, 0, HVM_INTR_SHADOW_STI),
                     hvm_intblk_rflags_ie);
}
END_TEST

START_TEST(nmi_blocked_until_iret)
{
    ck_assert_int_eq(hvm_intblk(hvm_intsrc_nmi, IF, HVM_INTR_SHADOW_NMI), hvm_intblk_nmi_iret);
    ck_assert_int_eq(hvm_intblk(hvm_intsrc_nmi, 0, HVM_INTR_SHADOW_NMI), hvm_intblk_nmi_iret);
    /* The IRET exit sets a shadow after dropping the intercept: still
     * blocked until the IRET has retired. */
    ck_assert_int_eq(hvm_intblk(hvm_intsrc_nmi, IF, HVM_INTR_SHADOW_STI | HVM_INTR_SHADOW_MOV_SS),
                     hvm_intblk_shadow);
}
END_TEST

Suite *intblk_suite(void)
{
    Suite *s = suite_create("intblk");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, nmis_ignore_if);
    tcase_add_test(tc, interrupts_need_if);
    tcase_add_test(tc, shadow_blocks_both);
    tcase_add_test(tc, nmi_blocked_until_iret);
    suite_add_tcase(s, tc);
    return s;
}
