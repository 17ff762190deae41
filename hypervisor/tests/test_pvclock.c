/* pvclock's arithmetic (arch/x86/time_scale.c) against exact rational
 * arithmetic, its publication protocol, and the CMOS clock's decoding
 * (arch/x86/rtc_decode.c) against known dates and an independent day
 * count. */
#include <check.h>
#include "suites.h"
#include <asm/pvclock.h>
#include <asm/rtc.h>

static const uint64_t rates[] = {
    1000000, 1193182, 999999999, 1000000000, 1000000001, 1999999999, 2000000000,
    2000000001, 2494312000ULL, 3999999999ULL, 10000000000ULL, 32768,
};

/* What Linux's pvclock_scale_delta computes, written from public/xen.h's
 * description (shift, then a 64x32 -> 96-bit product, upper 64 bits). */
static uint64_t guest_ns(uint64_t delta, uint32_t mul, int8_t shift)
{
    delta = shift < 0 ? delta >> -shift : delta << shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

START_TEST(scale_is_normalised)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(rates); i++) {
        struct time_scale ts;

        set_time_scale(&ts, rates[i]);
        ck_assert_uint_ge(ts.mul_frac, 1u << 31);       /* full precision */
        ck_assert_int_ge(ts.shift, -32);
        ck_assert_int_le(ts.shift, 31);
    }
}
END_TEST

START_TEST(scale_matches_exact_ns)
{
    const uint64_t secs[] = { 0, 1, 7, 1000, 86400 };

    for (unsigned int i = 0; i < ARRAY_SIZE(rates); i++) {
        struct time_scale ts;
        uint64_t hz = rates[i];

        set_time_scale(&ts, hz);
        for (unsigned int j = 0; j < ARRAY_SIZE(secs); j++) {
            for (uint64_t extra = 0; extra < 3; extra++) {
                uint64_t ticks = secs[j] * hz + extra * (hz / 3);
                uint64_t exact = (uint64_t)((unsigned __int128)ticks * 1000000000ULL / hz);
                uint64_t got = scale_delta(ticks, &ts);
                /* mul_frac >= 2^31: relative error under 2^-31 (and the
                 * rate's own low bits a negative shift drops), plus the
                 * low bits of ticks that shift drops (under one tick). */
                uint64_t slack = exact / (1u << 30) + 2 +
                                 (ts.shift < 0 ? ((1000000000ULL << -ts.shift) / hz) + 1 : 0);

                uint64_t diff = got > exact ? got - exact : exact - got;

                ck_assert_msg(diff <= slack, "rate %llu ticks %llu: %llu vs %llu",
                              (unsigned long long)hz, (unsigned long long)ticks,
                              (unsigned long long)got, (unsigned long long)exact);
                ck_assert_uint_eq(got, guest_ns(ticks, ts.mul_frac, (int8_t)ts.shift));
            }
        }
    }
}
END_TEST

START_TEST(one_second_is_one_second)
{
    struct time_scale ts;

    set_time_scale(&ts, 2494312000ULL);
    /* 1 s of a 2.49 GHz TSC is 1e9 ns to within a nanosecond. */
    ck_assert_uint_ge(scale_delta(2494312000ULL, &ts), 999999999);
    ck_assert_uint_le(scale_delta(2494312000ULL, &ts), 1000000000);
}
END_TEST

START_TEST(fill_uses_guest_tsc)
{
    struct vcpu_time_info t;
    struct time_scale ts;

    set_time_scale(&ts, 3000000000ULL);
    memset(&t, 0xff, sizeof(t));
    pvclock_fill(&t, 1000000, 5000, (uint64_t)-400000, &ts, false);
    ck_assert_uint_eq(t.tsc_timestamp, 600000);         /* host TSC + VMCB offset */
    ck_assert_uint_eq(t.system_time, 5000);
    ck_assert_uint_eq(t.tsc_to_system_mul, ts.mul_frac);
    ck_assert_int_eq(t.tsc_shift, ts.shift);
    ck_assert_uint_eq(t.flags, 0);
    ck_assert_uint_eq(t.pad0, 0);
    pvclock_fill(&t, 1, 1, 0, &ts, true);
    ck_assert_uint_eq(t.flags, XEN_PVCLOCK_TSC_STABLE_BIT);
}
END_TEST

START_TEST(publish_leaves_an_even_newer_version)
{
    struct vcpu_time_info u = { .version = 6 }, rec = { .tsc_timestamp = 11, .system_time = 22,
                                                        .tsc_to_system_mul = 33, .tsc_shift = -2 };

    pvclock_publish(&u, &rec);
    ck_assert_uint_eq(u.version, 8);
    ck_assert_uint_eq(u.tsc_timestamp, 11);
    ck_assert_uint_eq(u.system_time, 22);
    ck_assert_int_eq(u.tsc_shift, -2);
    u.version = 9;                      /* a writer died halfway: still ends even */
    pvclock_publish(&u, &rec);
    ck_assert_uint_eq(u.version % 2, 0);
    ck_assert_uint_gt(u.version, 9);
}
END_TEST

START_TEST(tsc_stable_as_xen)
{
    const uint32_t invariant = 1u << 8;

    ck_assert(pvclock_tsc_stable("tsc", 0x80000008, invariant, 0x17));
    ck_assert(!pvclock_tsc_stable("", 0x80000008, invariant, 0x17));        /* Xen's default */
    ck_assert(!pvclock_tsc_stable("hpet", 0x80000008, invariant, 0x17));
    ck_assert(!pvclock_tsc_stable("tsc", 0x80000008, 0, 0x17));            /* not invariant */
    ck_assert(!pvclock_tsc_stable("tsc", 0x80000006, invariant, 0x17));    /* no such leaf */
    ck_assert(!pvclock_tsc_stable("tsc", 0x80000008, invariant, 0x11));    /* AMD family 11h */
}
END_TEST

static bool decode(uint8_t s, uint8_t m, uint8_t h, uint8_t d, uint8_t mo, uint8_t y,
                   uint8_t b, struct rtc_time *t)
{
    struct rtc_regs r = { s, m, h, d, mo, y, b };

    return rtc_decode(&r, t);
}

START_TEST(rtc_bcd_and_binary)
{
    struct rtc_time t;

    ck_assert(decode(0x45, 0x30, 0x13, 0x15, 0x06, 0x25, RTC_24H, &t));
    ck_assert_uint_eq(t.year, 2025);
    ck_assert_uint_eq(t.hour, 13);
    ck_assert_uint_eq(rtc_mktime(&t), 1749994245ULL);
    ck_assert(decode(45, 30, 13, 15, 6, 25, RTC_24H | RTC_DM_BINARY, &t));
    ck_assert_uint_eq(rtc_mktime(&t), 1749994245ULL);
    /* The same bytes read as BCD when binary is meant: 0x2d is not BCD. */
    ck_assert(!decode(45, 30, 13, 15, 6, 25, RTC_24H, &t));
    ck_assert(!decode(0x1a, 0, 0, 1, 1, 0x24, RTC_24H, &t));
}
END_TEST

START_TEST(rtc_12_hour_mode)
{
    struct rtc_time t;

    ck_assert(decode(0, 0, 0x81, 1, 1, 0x24, 0, &t));   /* 1 PM */
    ck_assert_uint_eq(t.hour, 13);
    ck_assert(decode(0, 0, 0x12, 1, 1, 0x24, 0, &t));   /* 12 AM */
    ck_assert_uint_eq(t.hour, 0);
    ck_assert(decode(0, 0, 0x92, 1, 1, 0x24, 0, &t));   /* 12 PM */
    ck_assert_uint_eq(t.hour, 12);
    ck_assert(decode(0, 0, 0x8b, 1, 1, 24, RTC_DM_BINARY, &t));     /* 11 PM, binary */
    ck_assert_uint_eq(t.hour, 23);
    ck_assert(!decode(0, 0, 0x00, 1, 1, 0x24, 0, &t));  /* hour 0 does not exist */
    ck_assert(!decode(0, 0, 0x13, 1, 1, 0x24, 0, &t));
}
END_TEST

START_TEST(rtc_ranges_and_century)
{
    struct rtc_time t;

    ck_assert(decode(0, 0, 0x12, 0x29, 0x02, 0x24, RTC_24H, &t));   /* leap day */
    ck_assert_uint_eq(rtc_mktime(&t), 1709208000ULL);
    ck_assert(!decode(0, 0, 0x12, 0x29, 0x02, 0x25, RTC_24H, &t));
    ck_assert(!decode(0, 0, 0x12, 0x31, 0x04, 0x25, RTC_24H, &t));
    ck_assert(!decode(0x60, 0, 0, 1, 1, 0x25, RTC_24H, &t));
    ck_assert(!decode(0, 0, 0x24, 1, 1, 0x25, RTC_24H, &t));
    ck_assert(!decode(0, 0, 0, 1, 0x13, 0x25, RTC_24H, &t));
    ck_assert(decode(0x59, 0x59, 0x23, 0x31, 0x12, 0x69, RTC_24H, &t));
    ck_assert_uint_eq(t.year, 2069);
    ck_assert_uint_eq(rtc_mktime(&t), 3155759999ULL);
    ck_assert(decode(0, 0, 0, 1, 1, 0x70, RTC_24H, &t));
    ck_assert_uint_eq(t.year, 1970);
    ck_assert_uint_eq(rtc_mktime(&t), 0);
}
END_TEST

/* Every first of the month 1970-2099 against a day-by-day count. */
START_TEST(rtc_mktime_against_day_count)
{
    static const unsigned int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    uint64_t days = 0;

    for (unsigned int y = 1970; y < 2100; y++)
        for (unsigned int m = 1; m <= 12; m++) {
            struct rtc_time t = { y, m, 1, 0, 0, 0 };
            bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

            ck_assert_uint_eq(rtc_mktime(&t), days * 86400);
            days += mdays[m - 1] + (m == 2 && leap);
        }
}
END_TEST

Suite *pvclock_suite(void)
{
    Suite *s = suite_create("pvclock");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, scale_is_normalised);
    tcase_add_test(tc, scale_matches_exact_ns);
    tcase_add_test(tc, one_second_is_one_second);
    tcase_add_test(tc, fill_uses_guest_tsc);
    tcase_add_test(tc, publish_leaves_an_even_newer_version);
    tcase_add_test(tc, tsc_stable_as_xen);
    tcase_add_test(tc, rtc_bcd_and_binary);
    tcase_add_test(tc, rtc_12_hour_mode);
    tcase_add_test(tc, rtc_ranges_and_century);
    tcase_add_test(tc, rtc_mktime_against_day_count);
    suite_add_tcase(s, tc);
    return s;
}
