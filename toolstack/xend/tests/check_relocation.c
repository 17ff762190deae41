/* The relocation handshake's lines (migrate/relocation_wire.c): what one
 * end formats the other parses back, and anything else is refused. */
#include <string.h>

#include "check_xend.h"
#include "relocation_wire.h"

static enum reloc_line parse(const char *text, const char **rest, unsigned long *id)
{
    static char line[RELOC_LINE_MAX + 16];

    strncpy(line, text, sizeof(line) - 1);
    return reloc_parse(line, rest, id);
}

START_TEST(round_trip)
{
    static const enum reloc_line kinds[] = { RELOC_OK, RELOC_REFUSED, RELOC_READY,
                                             RELOC_ERROR, RELOC_GO, RELOC_RESUMED };
    char buf[RELOC_LINE_MAX];
    const char *rest;
    unsigned long id = 0;

    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        size_t n = reloc_format(buf, sizeof(buf), kinds[i], "10.0.0.1 is not allowed", 42);

        ck_assert_uint_gt(n, 0);
        ck_assert_int_eq(buf[n - 1], '\n');
        ck_assert_int_eq(reloc_parse(buf, &rest, &id), kinds[i]);
        if (kinds[i] == RELOC_REFUSED || kinds[i] == RELOC_ERROR)
            ck_assert_str_eq(rest, "10.0.0.1 is not allowed");
    }
    ck_assert_uint_eq(id, 42);
}
END_TEST

/* A reason with line breaks stays one line; a long one is cut to fit. */
START_TEST(reasons_stay_one_line)
{
    char buf[RELOC_LINE_MAX], big[4 * RELOC_LINE_MAX];
    const char *rest;
    unsigned long id;
    size_t n = reloc_format(buf, sizeof(buf), RELOC_ERROR, "bad\nready\r\n", 0);

    ck_assert_ptr_eq(memchr(buf, '\n', n - 1), NULL);
    ck_assert_int_eq(reloc_parse(buf, &rest, &id), RELOC_ERROR);
    ck_assert_str_eq(rest, "bad ready  ");
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    n = reloc_format(buf, sizeof(buf), RELOC_REFUSED, big, 0);
    ck_assert_uint_lt(n, RELOC_LINE_MAX);
    ck_assert_int_eq(buf[n - 1], '\n');
    ck_assert_int_eq(reloc_parse(buf, &rest, &id), RELOC_REFUSED);
}
END_TEST

START_TEST(foreign_lines_refused)
{
    static const char *const bad[] = {
        "", "\n", "HTTP/1.0 200 OK\r\n", "xend-relocation 2 ok\n", "xend-relocation 1\n",
        "xend-relocation 1 okay\n", "xend-relocation 1 refused\n", "xend-relocation ok\n",
        "readyx\n", "ready now\n", "error\n", "error \n", "go go\n", "resumed\n",
        "resumed x\n", "resumed 12x\n", "resumed 99999999999999999999\n", "resumed 32752\n",
        "ready\nready\n", "error a\bc\n", "go\r\r\n\n\x01",
    };
    const char *rest;
    unsigned long id;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(parse(bad[i], &rest, &id) == RELOC_BAD, "'%s' accepted", bad[i]);
    ck_assert_int_eq(parse("resumed 7\r\n", &rest, &id), RELOC_RESUMED);
    ck_assert_uint_eq(id, 7);
}
END_TEST

TCase *relocation_tcase(void)
{
    TCase *tc = tcase_create("relocation");

    tcase_add_test(tc, round_trip);
    tcase_add_test(tc, reasons_stay_one_line);
    tcase_add_test(tc, foreign_lines_refused);
    return tc;
}
