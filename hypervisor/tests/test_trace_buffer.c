/* Per-CPU trace rings (common/trace_buffer.c): entries in and out whole,
 * across the wrap; a full ring refuses; the merge of several rings writes
 * records in sequence order and never past a record still being written,
 * also with real threads racing. */
#include <check.h>
#include "suites.h"
#include <pthread.h>
#include <sched.h>
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

/* An entry numbered seq whose text says its number too. */
static bool put(struct trace_buf *b, uint64_t seq)
{
    char kv[32];
    struct trace_entry e = { .seq = seq, .ns = (s_time_t)seq * 10, .event = "burst",
                             .cpu = 1, .cls = TRC_BENCH };

    e.kv_len = (uint16_t)snprintf(kv, sizeof(kv), "i=%llu", (unsigned long long)seq);
    return trace_buf_put(b, &e, kv);
}

/* Reads the oldest entry, checks it is entry seq, whole, and drops it. */
static void take(struct trace_buf *b, uint64_t seq)
{
    struct trace_entry e;
    char kv[32], want[32];
    uint64_t peeked;

    ck_assert(trace_buf_peek(b, &peeked));
    ck_assert_uint_eq(peeked, seq);
    memset(kv, 'x', sizeof(kv));
    ck_assert(trace_buf_read(b, &e, kv, sizeof(kv)));
    snprintf(want, sizeof(want), "i=%llu", (unsigned long long)seq);
    ck_assert_str_eq(kv, want);
    ck_assert_uint_eq(e.seq, seq);
    ck_assert_int_eq(e.ns, (s_time_t)seq * 10);
    ck_assert_str_eq(e.event, "burst");
    ck_assert_uint_eq(e.cpu, 1);
    ck_assert_uint_eq(e.cls, TRC_BENCH);
    trace_buf_consume(b);
}

START_TEST(put_peek_read_consume)
{
    struct trace_buf *b = new_buf();
    struct trace_entry e;
    char kv[8];
    uint64_t seq;

    ck_assert(!trace_buf_peek(b, &seq));
    ck_assert(!trace_buf_read(b, &e, kv, sizeof(kv)));
    ck_assert(put(b, 7));
    ck_assert(put(b, 9));
    take(b, 7);
    take(b, 9);
    ck_assert(!trace_buf_peek(b, &seq));
    trace_buf_consume(b);                   /* empty: no effect */
    ck_assert_uint_eq(b->head, b->tail);
    ck_assert_uint_eq(b->written, 2);
    free(b);
}
END_TEST

START_TEST(read_cuts_text_to_the_callers_buffer)
{
    struct trace_buf *b = new_buf();
    struct trace_entry e;
    char kv[4];

    ck_assert(put(b, 12345));               /* "i=12345" */
    ck_assert(trace_buf_read(b, &e, kv, sizeof(kv)));
    ck_assert_str_eq(kv, "i=1");
    ck_assert_uint_eq(e.kv_len, 7);
    trace_buf_consume(b);                   /* the whole entry goes */
    ck_assert_uint_eq(trace_buf_used(b), 0);
    free(b);
}
END_TEST

/* Many times the ring's size goes through it: entries cut by the end of
 * the ring come out whole, and a full ring says so instead of overwriting. */
START_TEST(wraps_and_refuses_when_full)
{
    struct trace_buf *b = new_buf();
    uint64_t next_in = 1, next_out = 1;
    unsigned int refused = 0;

    while (next_out < 20000) {
        if (put(b, next_in)) {
            next_in++;
            ck_assert_uint_le(trace_buf_used(b), TRACE_BUF_SIZE);
            if (next_in % 3)                /* fill faster than we drain */
                continue;
        } else {
            refused++;
            ck_assert(!trace_buf_has_room(b, 16));
            ck_assert_uint_gt(trace_buf_used(b), TRACE_BUF_SIZE - 2 * sizeof(struct trace_entry));
        }
        take(b, next_out++);
    }
    ck_assert_uint_gt(refused, 0);
    ck_assert_uint_gt(b->head, 4 * TRACE_BUF_SIZE);
    free(b);
}
END_TEST

START_TEST(too_long_text_refused)
{
    struct trace_buf *b = new_buf();
    static char big[TRC_KV_MAX];
    struct trace_entry e = { .seq = 1, .event = "x", .kv_len = TRC_KV_MAX };

    ck_assert(!trace_buf_put(b, &e, big));
    e.kv_len = TRC_KV_MAX - 1;
    ck_assert(trace_buf_put(b, &e, big));
    free(b);
}
END_TEST

/* Three CPUs' rings with interleaved numbers come out in order. */
START_TEST(merge_in_sequence_order)
{
    struct trace_buf *bufs[3] = { new_buf(), new_buf(), new_buf() };
    static const uint64_t owner[] = { 0, 1, 1, 2, 0, 2, 2, 1, 0, 0 };
    int i;

    for (unsigned int s = 0; s < ARRAY_SIZE(owner); s++)
        ck_assert(put(bufs[owner[s]], s + 1));
    for (uint64_t want = 1; want <= ARRAY_SIZE(owner); want++) {
        i = trace_merge_next(bufs, 3, UINT64_MAX);
        ck_assert_int_eq(i, (int)owner[want - 1]);
        take(bufs[i], want);
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
    uint64_t limit, seq_now = 7;
    int i;

    for (uint64_t s = 1; s <= 4; s++)
        put(bufs[s % 2], s);
    bufs[1]->pending = 5;                   /* lower bound announced first */
    put(bufs[0], 6);
    put(bufs[0], 7);
    limit = trace_flush_limit(bufs, 2, &seq_now);
    ck_assert_uint_eq(limit, 4);
    for (uint64_t want = 1; want <= 4; want++) {
        i = trace_merge_next(bufs, 2, limit);
        ck_assert_int_ge(i, 0);
        take(bufs[i], want);
    }
    ck_assert_int_eq(trace_merge_next(bufs, 2, limit), -1);   /* 6, 7 wait */
    put(bufs[1], 5);
    bufs[1]->pending = 0;
    limit = trace_flush_limit(bufs, 2, &seq_now);
    ck_assert_uint_eq(limit, 7);
    for (uint64_t want = 5; want <= 7; want++)
        take(bufs[trace_merge_next(bufs, 2, limit)], want);
    /* Numbers given after the flush read seq_now wait for the next flush. */
    put(bufs[0], 8);
    ck_assert_int_eq(trace_merge_next(bufs, 2, trace_flush_limit(bufs, 2, &seq_now)), -1);
    free(bufs[0]);
    free(bufs[1]);
}
END_TEST

/* The real thing: four producer threads add entries through
 * trace_buf_add() (each into its own ring, waiting while it is full) while
 * a flusher thread merges; the output must be every number once, in order. */
#define STRESS_THREADS 4
#define STRESS_EACH    40000

static struct trace_buf *stress_bufs[STRESS_THREADS];
static uint64_t stress_seq;
static int stress_done;

/* Now and then a producer loses its core between taking its number and
 * committing the entry, as a vCPU thread does under TCG. */
static void stress_window(void)
{
    static __thread unsigned int n;

    if (++n % 64 == 0)
        sched_yield();
}

static void *stress_producer(void *arg)
{
    struct trace_buf *b = arg;
    char kv[] = "i=stress";

    for (unsigned int i = 0; i < STRESS_EACH; i++) {
        struct trace_entry e = { .event = "burst", .cls = TRC_BENCH,
                                 .kv_len = (uint16_t)(i % 8) };

        while (!trace_buf_has_room(b, e.kv_len))
            sched_yield();
        ck_assert(trace_buf_add(b, &stress_seq, &e, kv));
    }
    __atomic_add_fetch(&stress_done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

START_TEST(concurrent_producers_merge_in_order)
{
    pthread_t t[STRESS_THREADS];
    uint64_t expect = 1;
    struct trace_entry e;
    char kv[16];

    stress_seq = 0;
    stress_done = 0;
    trace_buf_add_window = stress_window;
    for (int i = 0; i < STRESS_THREADS; i++) {
        stress_bufs[i] = new_buf();
        ck_assert_int_eq(pthread_create(&t[i], NULL, stress_producer, stress_bufs[i]), 0);
    }
    for (;;) {
        int finished = __atomic_load_n(&stress_done, __ATOMIC_SEQ_CST);
        uint64_t limit = trace_flush_limit(stress_bufs, STRESS_THREADS, &stress_seq);
        int i;

        while ((i = trace_merge_next(stress_bufs, STRESS_THREADS, limit)) >= 0) {
            ck_assert(trace_buf_read(stress_bufs[i], &e, kv, sizeof(kv)));
            ck_assert_uint_eq(e.seq, expect);
            expect++;
            trace_buf_consume(stress_bufs[i]);
        }
        if (finished == STRESS_THREADS && expect > (uint64_t)STRESS_THREADS * STRESS_EACH)
            break;
    }
    trace_buf_add_window = NULL;
    for (int i = 0; i < STRESS_THREADS; i++) {
        pthread_join(t[i], NULL);
        ck_assert_uint_eq(stress_bufs[i]->lost, 0);
        free(stress_bufs[i]);
    }
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
    tcase_add_test(tc, read_cuts_text_to_the_callers_buffer);
    tcase_add_test(tc, wraps_and_refuses_when_full);
    tcase_add_test(tc, too_long_text_refused);
    tcase_add_test(tc, merge_in_sequence_order);
    tcase_add_test(tc, flush_holds_back_behind_record_in_flight);
    tcase_add_test(tc, count_slots_fold_to_other);
    tcase_add_test(tc, concurrent_producers_merge_in_order);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}
