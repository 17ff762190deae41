/* The guest's string functions against the C library's. */
#include <string.h>

#include "check_suites.h"

static int sign(int v) { return (v > 0) - (v < 0); }

START_TEST(test_compare)
{
    const char *w[] = { "", "a", "ab", "abc", "abd", "b", "\xff" };

    for ( size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++ )
        for ( size_t j = 0; j < sizeof(w) / sizeof(w[0]); j++ )
        {
            ck_assert_int_eq(sign(guest_strcmp(w[i], w[j])), sign(strcmp(w[i], w[j])));
            for ( size_t n = 0; n < 5; n++ )
                ck_assert_int_eq(sign(guest_strncmp(w[i], w[j], n)),
                                 sign(strncmp(w[i], w[j], n)));
        }
    ck_assert_int_eq(sign(guest_memcmp("ab\0c", "ab\0d", 4)), -1);
    ck_assert_int_eq(guest_memcmp("x", "y", 0), 0);
}
END_TEST

START_TEST(test_lengths_search)
{
    const char *hay = "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64";

    ck_assert_uint_eq(guest_strlen(""), 0);
    ck_assert_uint_eq(guest_strlen(hay), strlen(hay));
    ck_assert_uint_eq(guest_strnlen(hay, 5), 5);
    ck_assert_uint_eq(guest_strnlen("abc", 10), 3);
    ck_assert_ptr_eq(guest_strstr(hay, "hvm-3.0-x86_64"), strstr(hay, "hvm-3.0-x86_64"));
    ck_assert_ptr_eq(guest_strstr(hay, "x86_32p"), strstr(hay, "x86_32p"));
    ck_assert_ptr_null(guest_strstr(hay, "xen-3.0-x86_64"));
    ck_assert_ptr_eq(guest_strstr(hay, ""), hay);
    ck_assert_ptr_null(guest_strstr("", "a"));
}
END_TEST

START_TEST(test_memory)
{
    unsigned char a[32], b[32];

    for ( int i = 0; i < 32; i++ )
        b[i] = (unsigned char)(i * 7);
    ck_assert_ptr_eq(guest_memset(a, 0xa5, sizeof(a)), a);
    for ( int i = 0; i < 32; i++ )
        ck_assert_uint_eq(a[i], 0xa5);
    ck_assert_ptr_eq(guest_memcpy(a + 1, b, 30), a + 1);
    ck_assert_uint_eq(a[0], 0xa5);
    ck_assert_mem_eq(a + 1, b, 30);
    ck_assert_uint_eq(a[31], 0xa5);
}
END_TEST

Suite *lib_suite(void)
{
    Suite *s = suite_create("lib");
    TCase *tc = tcase_create("strings");

    tcase_add_test(tc, test_compare);
    tcase_add_test(tc, test_lengths_search);
    tcase_add_test(tc, test_memory);
    suite_add_tcase(s, tc);
    return s;
}
