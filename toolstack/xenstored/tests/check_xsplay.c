/* xsplay's pure parts: the script parser and the canonical transcript. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "xsplay.h"

static struct xsp_step st;

static int parse(const char *line)
{
	const char *err = NULL;

	return xsp_parse_line(line, &st, &err);
}

START_TEST(test_xsplay_parse_step)
{
	ck_assert_int_eq(parse("c1 WRITE /lab/a\\0x y"), 1);
	ck_assert_str_eq(st.conn, "c1");
	ck_assert_int_eq(st.type, XS_WRITE);
	ck_assert_str_eq(st.tx, "");
	ck_assert_uint_eq(st.len, 10);
	ck_assert_mem_eq(st.payload, "/lab/a\0x y", 10);
	/* Transaction, binding, numeric type, empty payload. */
	ck_assert_int_eq(parse("c2 TRANSACTION_START >t \\0"), 1);
	ck_assert_str_eq(st.bind, "t");
	ck_assert_uint_eq(st.len, 1);
	ck_assert_int_eq(parse("c2 READ @t /a\\0"), 1);
	ck_assert_str_eq(st.tx, "t");
	ck_assert_int_eq(parse("c1 99"), 1);
	ck_assert_int_eq(st.type, 99);
	ck_assert_uint_eq(st.len, 0);
	/* RAW keeps '@' as payload; escapes make any byte. */
	ck_assert_int_eq(parse("c1 RAW @\\x01\\xfF\\\\\\n\\t"), 1);
	ck_assert_int_eq(st.type, XSP_RAW);
	ck_assert_mem_eq(st.payload, "@\x01\xff\\\n\t", 6);
	/* Blank lines and comments are not steps. */
	ck_assert_int_eq(parse(""), 0);
	ck_assert_int_eq(parse("   # a comment"), 0);
}
END_TEST

START_TEST(test_xsplay_parse_errors)
{
	const char *err = NULL;

	ck_assert_int_eq(xsp_parse_line("c1 NOSUCH /a", &st, &err), -1);
	ck_assert_str_eq(err, "unknown message type");
	ck_assert_int_eq(xsp_parse_line("c1", &st, &err), -1);
	ck_assert_int_eq(xsp_parse_line("c1 READ /a\\q", &st, &err), -1);
	ck_assert_str_eq(err, "unknown escape");
	ck_assert_int_eq(xsp_parse_line("c1 READ \\x4", &st, &err), -1);
	ck_assert_int_eq(xsp_parse_line("c1 READ @ /a", &st, &err), -1);
	ck_assert_int_eq(xsp_parse_line("averyveryverylongname READ /a", &st, &err), -1);
	ck_assert_int_eq(xsp_parse_line("c1 70000", &st, &err), -1);
}
END_TEST

/* Runs xsp_print_msg into a string. */
static const char *msg(struct xsp_names *nm, uint32_t type, uint32_t req,
		       uint32_t tx, const char *body, size_t len,
		       uint32_t want, const char *var)
{
	static char out[512];
	struct xsd_sockmsg hdr = { .type = type, .req_id = req, .tx_id = tx,
				   .len = (uint32_t)len };
	FILE *f = fmemopen(out, sizeof(out), "w");

	xsp_print_msg(f, nm, "c1", &hdr, body, want, var);
	fclose(f);
	return out;
}

/* A reply on conn with tx_id in its header: for TRANSACTION_START, id
 * itself, bound to var; else "OK". */
static const char *msg2(struct xsp_names *nm, const char *conn, uint32_t type,
			uint32_t id, const char *var)
{
	static char out[512];
	char body[16];
	struct xsd_sockmsg hdr = { .type = type, .req_id = 1 };
	FILE *f = fmemopen(out, sizeof(out), "w");

	if (type == XS_TRANSACTION_START) {
		hdr.len = (uint32_t)snprintf(body, sizeof(body), "%u", id) + 1;
	} else {
		hdr.len = (uint32_t)snprintf(body, sizeof(body), "OK") + 1;
		hdr.tx_id = id;
	}
	xsp_print_msg(f, nm, conn, &hdr, body, 1, var);
	fclose(f);
	return out;
}

START_TEST(test_xsplay_transcript_names_transactions)
{
	struct xsp_names nm = { .n = 0 };
	uint32_t id;

	/* Each daemon's ids become t1, t2 in order of appearance. */
	ck_assert_str_eq(msg(&nm, XS_TRANSACTION_START, 3, 0, "417\0", 4, 3, "a"),
			 "< c1 TRANSACTION_START t1\\0\n");
	ck_assert_str_eq(msg(&nm, XS_TRANSACTION_START, 4, 0, "9\0", 2, 4, ""),
			 "< c1 TRANSACTION_START t2\\0\n");
	ck_assert_int_eq(xsp_names_lookup(&nm, "a", &id), 0);
	ck_assert_uint_eq(id, 417);
	ck_assert_int_eq(xsp_names_lookup(&nm, "12", &id), 0);
	ck_assert_uint_eq(id, 12);
	ck_assert_int_eq(xsp_names_lookup(&nm, "", &id), 0);
	ck_assert_uint_eq(id, 0);
	ck_assert_int_eq(xsp_names_lookup(&nm, "b", &id), -1);
	/* Header ids by name; unknown ones as numbers; req only if wrong. */
	ck_assert_str_eq(msg(&nm, XS_WRITE, 5, 417, "OK\0", 3, 5, NULL),
			 "< c1 WRITE tx=t1 OK\\0\n");
	ck_assert_str_eq(msg(&nm, XS_ERROR, 6, 55, "ENOENT\0", 7, 5, NULL),
			 "< c1 ERROR req=6 tx=55 ENOENT\\0\n");
	/* Ids are named per connection: Xen 4.17 numbers each one's own. */
	ck_assert_str_eq(msg2(&nm, "c2", XS_TRANSACTION_START, 417, "c2t"),
			 "< c2 TRANSACTION_START t3\\0\n");
	ck_assert_str_eq(msg2(&nm, "c2", XS_WRITE, 417, NULL), "< c2 WRITE tx=t3 OK\\0\n");
	ck_assert_str_eq(msg2(&nm, "c1", XS_WRITE, 417, NULL), "< c1 WRITE tx=t1 OK\\0\n");
	ck_assert_str_eq(msg2(&nm, "c3", XS_WRITE, 417, NULL), "< c3 WRITE tx=t3 OK\\0\n");
	ck_assert_str_eq(msg2(&nm, "c1", XS_WRITE, 9, NULL), "< c1 WRITE tx=t2 OK\\0\n");
	ck_assert_int_eq(xsp_names_lookup(&nm, "c2t", &id), 0);
	ck_assert_uint_eq(id, 417);
	/* A reply that is not a decimal id is shown as it is. */
	ck_assert_str_eq(msg(&nm, XS_TRANSACTION_START, 7, 0, "x\0", 2, 7, "c"),
			 "< c1 TRANSACTION_START x\\0\n");
	ck_assert_uint_eq(nm.n, 3);
}
END_TEST

START_TEST(test_xsplay_transcript_escapes_bytes)
{
	struct xsp_names nm = { .n = 0 };
	static char out[256];
	FILE *f;

	ck_assert_str_eq(msg(&nm, XS_WATCH_EVENT, 0, 0, "/a\0t\x01\xff\\\n", 8, 0, NULL),
			 "< c1 WATCH_EVENT /a\\0t\\x01\\xff\\\\\\n\n");
	ck_assert_str_eq(msg(&nm, 77, 1, 0, "", 0, 1, NULL), "< c1 77 \n");
	/* A printed step parses back to the same step. */
	ck_assert_int_eq(parse("c3 SET_PERMS @t /a\\0n0\\0r1\\0\\x7f"), 1);
	f = fmemopen(out, sizeof(out), "w");
	xsp_print_step(f, &st);
	fclose(f);
	ck_assert_str_eq(out, "> c3 SET_PERMS @t /a\\0n0\\0r1\\0\\x7f\n");
	out[strcspn(out, "\n")] = '\0';
	ck_assert_int_eq(parse(out + 2), 1);
	ck_assert_uint_eq(st.len, 10);
	ck_assert_mem_eq(st.payload, "/a\0n0\0r1\0\x7f", 10);
}
END_TEST

START_TEST(test_xsplay_transcript_names_generations)
{
	struct xsp_names nm = { .n = 0 };

	ck_assert_str_eq(msg(&nm, XS_DIRECTORY_PART, 1, 0, "35\0a\0\0", 6, 1, NULL),
			 "< c1 DIRECTORY_PART g1\\0a\\0\\0\n");
	ck_assert_str_eq(msg(&nm, XS_DIRECTORY_PART, 1, 0, "36\0\0", 4, 1, NULL),
			 "< c1 DIRECTORY_PART g2\\0\\0\n");
	ck_assert_str_eq(msg(&nm, XS_DIRECTORY_PART, 1, 0, "35\0b\0\0", 6, 1, NULL),
			 "< c1 DIRECTORY_PART g1\\0b\\0\\0\n");
	/* Not a generation: shown as it is; other types never named. */
	ck_assert_str_eq(msg(&nm, XS_DIRECTORY_PART, 1, 0, "3x", 3, 1, NULL),
			 "< c1 DIRECTORY_PART 3x\\0\n");
	ck_assert_str_eq(msg(&nm, XS_DIRECTORY_PART, 1, 0, "35", 2, 1, NULL),
			 "< c1 DIRECTORY_PART 35\n");
	ck_assert_str_eq(msg(&nm, XS_READ, 1, 0, "35\0", 3, 1, NULL),
			 "< c1 READ 35\\0\n");
	ck_assert_uint_eq(nm.ngen, 2);
}
END_TEST

Suite *suite_xsplay(void)
{
	Suite *s = suite_create("xsplay");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_xsplay_parse_step);
	tcase_add_test(tc, test_xsplay_parse_errors);
	tcase_add_test(tc, test_xsplay_transcript_names_transactions);
	tcase_add_test(tc, test_xsplay_transcript_escapes_bytes);
	tcase_add_test(tc, test_xsplay_transcript_names_generations);
	suite_add_tcase(s, tc);
	return s;
}
