/* Guest copy bounds (common/guest_copy.c). */
#include <check.h>
#include <stdint.h>
#include <xen/guest_copy.h>
#include "suites.h"

START_TEST(chunks_stop_at_page_ends)
{
    size_t c;

    ck_assert_int_eq(guest_copy_chunk(0x1000, 100, 64, &c), 0);
    ck_assert_uint_eq(c, 100);
    ck_assert_int_eq(guest_copy_chunk(0x1ff0, 100, 64, &c), 0);
    ck_assert_uint_eq(c, 16);
    ck_assert_int_eq(guest_copy_chunk(0x2000, 9000, 64, &c), 0);
    ck_assert_uint_eq(c, 4096);
    ck_assert_int_eq(guest_copy_chunk(0x2000, 0, 64, &c), 0);
    ck_assert_uint_eq(c, 0);
}
END_TEST

START_TEST(no_wrap_in_long_mode)
{
    size_t c;

    ck_assert_int_eq(guest_copy_chunk(UINT64_MAX - 15, 16, 64, &c), 0);
    ck_assert_uint_eq(c, 16);
    ck_assert_int_eq(guest_copy_chunk(UINT64_MAX - 15, 17, 64, &c), -1);
    ck_assert_int_eq(guest_copy_chunk(2, SIZE_MAX, 64, &c), -1);
    ck_assert_int_eq(guest_copy_chunk(1, SIZE_MAX, 64, &c), 0);   /* ends at the last byte */
    ck_assert_int_eq(guest_copy_chunk(0, SIZE_MAX, 64, &c), 0);
}
END_TEST

START_TEST(thirty_two_bit_guests_stop_at_4g)
{
    size_t c;

    ck_assert_int_eq(guest_copy_chunk(0xfffffff0u, 16, 32, &c), 0);
    ck_assert_uint_eq(c, 16);
    ck_assert_int_eq(guest_copy_chunk(0xfffffff0u, 17, 32, &c), -1);
    ck_assert_int_eq(guest_copy_chunk(0x100000000ULL, 1, 32, &c), -1);
    ck_assert_int_eq(guest_copy_chunk(0, 0x100000000ULL, 32, &c), 0);
    ck_assert_int_eq(guest_copy_chunk(0, 0x100000001ULL, 32, &c), -1);
}
END_TEST

Suite *guest_copy_suite(void)
{
    Suite *s = suite_create("guest_copy");
    TCase *tc = tcase_create("bounds");

    tcase_add_test(tc, chunks_stop_at_page_ends);
    tcase_add_test(tc, no_wrap_in_long_mode);
    tcase_add_test(tc, thirty_two_bit_guests_stop_at_4g);
    suite_add_tcase(s, tc);
    return s;
}
