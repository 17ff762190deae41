/* Per-CPU trace rings (common/trace_buffer.c): records in and out whole,
 * across the wrap; a full ring refuses; the merge of several rings writes
 * records in sequence order and never past a record still being written. */
#include <check.h>
#include "suites.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/trace.h>

static struct trace_buf *new_buf(void)
{
    struct trace_buf *b = calloc(1, sizeof(*b));

    ck_assert_ptr_nonnull(b);
    return b;
}

static size_t rec_of(char *out, size_t size, uint64_t seq)
{
    return (size_t)snprintf(out, size, "%llu 0 0 bench burst i=%llu\n",
                            (unsigned long long)seq, (unsigned long long)seq);
}

START_TEST(put_peek_read_consume)
{
    struct trace_buf *b = new_buf();
    char rec[64], out[64];
    uint64_t seq;

    ck_assert(!trace_buf_peek(b, &seq));
    ck_assert_uint_eq(trace_buf_read(b, out, sizeof(out)), 0);
    ck_assert(trace_buf_put(b, 7, rec, rec_of(rec, sizeof(rec), 7)));
    ck_assert(trace_buf_put(b, 9, rec, rec_of(rec, sizeof(rec), 9)));
    ck_assert(trace_buf_peek(b, &seq));
    ck_assert_uint_eq(seq, 7);
    memset(out, 0, sizeof(out));
    ck_assert_uint_eq(trace_buf_read(b, out, sizeof(out)), strlen("7 0 0 bench burst i=7\n"));
    ck_assert_str_eq(out, "7 0 0 bench burst i=7\n");
    trace_buf_consume(b);
    ck_assert(trace_buf_peek(b, &seq));
    ck_assert_uint_eq(seq, 9);
    trace_buf_consume(b);
    ck_assert(!trace_buf_peek(b, &seq));
    trace_buf_consume(b);                   /* empty: no effect */
    ck_assert_uint_eq(b->head, b->tail);
    ck_assert_uint_eq(b->written, 2);
    free(b);
}
END_TEST

/* Many times the ring's size goes through it: records cut by the end of
 * the ring come out whole, and a full ring says so instead of overwriting. */
START_TEST(wraps_and_refuses_when_full)
{
    struct trace_buf *b = new_buf();
    char rec[64], out[64];
    uint64_t next_in = 1, next_out = 1, seq;
    unsigned int refused = 0;

    while (next_out < 20000) {
        size_t n = rec_of(rec, sizeof(rec), next_in);

        if (trace_buf_put(b, next_in, rec, n)) {
            next_in++;
            ck_assert_uint_le(b->head - b->tail, TRACE_BUF_SIZE);
            if (next_in % 3)                /* fill faster than we drain */
                continue;
        } else {
            refused++;
            ck_assert_uint_gt(b->head - b->tail + n, TRACE_BUF_SIZE - 16);
        }
        ck_assert(trace_buf_peek(b, &seq));
        ck_assert_uint_eq(seq, next_out);
        memset(out, 0, sizeof(out));
        ck_assert_uint_eq(trace_buf_read(b, out, sizeof(out)), rec_of(rec, sizeof(rec), seq));
        ck_assert_str_eq(out, rec);
        trace_buf_consume(b);
        next_out++;
    }
    ck_assert_uint_gt(refused, 0);
    ck_assert_uint_gt(b->head, 4 * TRACE_BUF_SIZE);
    free(b);
}
END_TEST

START_TEST(too_long_record_refused)
{
    struct trace_buf *b = new_buf();
    static char big[TRC_RECORD_MAX + 1];

    ck_assert(!trace_buf_put(b, 1, big, sizeof(big)));
    ck_assert(trace_buf_put(b, 1, big, TRC_RECORD_MAX));
    free(b);
}
END_TEST

/* Three CPUs' rings with interleaved numbers come out in order. */
START_TEST(merge_in_sequence_order)
{
    struct trace_buf *bufs[3] = { new_buf(), new_buf(), new_buf() };
    static const uint64_t owner[] = { 0, 1, 1, 2, 0, 2, 2, 1, 0, 0 };
    char rec[64];
    int i;

    for (unsigned int s = 0; s < ARRAY_SIZE(owner); s++)
        ck_assert(trace_buf_put(bufs[owner[s]], s + 1, rec, rec_of(rec, sizeof(rec), s + 1)));
    for (uint64_t want = 1; want <= ARRAY_SIZE(owner); want++) {
        uint64_t seq;

        i = trace_merge_next(bufs, 3, UINT64_MAX);
        ck_assert_int_eq(i, (int)owner[want - 1]);
        ck_assert(trace_buf_peek(bufs[i], &seq));
        ck_assert_uint_eq(seq, want);
        trace_buf_consume(bufs[i]);
    }
    ck_assert_int_eq(trace_merge_next(bufs, 3, UINT64_MAX), -1);
    for (i = 0; i < 3; i++)
        free(bufs[i]);
}
END_TEST

/* CPU1 took number 5 and has not committed it; CPU0 committed 6 and 7.
 * A flush now writes 1-4 only; once CPU1 commits, 5-7 follow in order. */
START_TEST(flush_holds_back_behind_record_in_flight)
{
    struct trace_buf *bufs[2] = { new_buf(), new_buf() };
    char rec[64];
    uint64_t limit, seq;
    int i;

    for (uint64_t s = 1; s <= 4; s++)
        trace_buf_put(bufs[s % 2], s, rec, rec_of(rec, sizeof(rec), s));
    bufs[1]->pending = 5;                   /* lower bound announced first */
    trace_buf_put(bufs[0], 6, rec, rec_of(rec, sizeof(rec), 6));
    trace_buf_put(bufs[0], 7, rec, rec_of(rec, sizeof(rec), 7));
    limit = trace_flush_limit(bufs, 2, 7);
    ck_assert_uint_eq(limit, 4);
    for (uint64_t want = 1; want <= 4; want++) {
        i = trace_merge_next(bufs, 2, limit);
        ck_assert_int_ge(i, 0);
        ck_assert(trace_buf_peek(bufs[i], &seq));
        ck_assert_uint_eq(seq, want);
        trace_buf_consume(bufs[i]);
    }
    ck_assert_int_eq(trace_merge_next(bufs, 2, limit), -1);   /* 6, 7 wait */
    trace_buf_put(bufs[1], 5, rec, rec_of(rec, sizeof(rec), 5));
    bufs[1]->pending = 0;
    limit = trace_flush_limit(bufs, 2, 7);
    ck_assert_uint_eq(limit, 7);
    for (uint64_t want = 5; want <= 7; want++) {
        i = trace_merge_next(bufs, 2, limit);
        ck_assert(trace_buf_peek(bufs[i], &seq));
        ck_assert_uint_eq(seq, want);
        trace_buf_consume(bufs[i]);
    }
    /* Numbers given after the flush read seq_now wait for the next flush. */
    trace_buf_put(bufs[0], 8, rec, rec_of(rec, sizeof(rec), 8));
    ck_assert_int_eq(trace_merge_next(bufs, 2, trace_flush_limit(bufs, 2, 7)), -1);
    free(bufs[0]);
    free(bufs[1]);
}
END_TEST

START_TEST(count_slots_fold_to_other)
{
    ck_assert_uint_eq(trace_count_slot(0), 0);
    ck_assert_uint_eq(trace_count_slot(TRC_COUNT_SLOTS - 1), TRC_COUNT_SLOTS - 1);
    ck_assert_uint_eq(trace_count_slot(0x400), TRC_COUNT_SLOTS - 1);
    ck_assert_uint_eq(trace_count_slot(~0u), TRC_COUNT_SLOTS - 1);
}
END_TEST

Suite *trace_buffer_suite(void)
{
    Suite *s = suite_create("trace_buffer");
    TCase *tc = tcase_create("ring");

    tcase_add_test(tc, put_peek_read_consume);
    tcase_add_test(tc, wraps_and_refuses_when_full);
    tcase_add_test(tc, too_long_record_refused);
    tcase_add_test(tc, merge_in_sequence_order);
    tcase_add_test(tc, flush_holds_back_behind_record_in_flight);
    tcase_add_test(tc, count_slots_fold_to_other);
    suite_add_tcase(s, tc);
    return s;
}
