/* Decoding the CMOS clock's registers (MC146818A datasheet: status B's DM
 * bit selects binary or BCD, its 24/12 bit the hour format, bit 7 of the
 * hour the PM flag in 12-hour mode) and the date to Unix seconds. Pure:
 * host-tested (tests/test_pvclock.c). */
#include <asm/rtc.h>

static bool from_bcd(uint8_t v, unsigned int *out)
{
    if ((v & 0x0f) > 9 || (v >> 4) > 9)
        return false;
    *out = (v >> 4) * 10 + (v & 0x0f);
    return true;
}

static bool field(uint8_t v, bool binary, unsigned int *out)
{
    if (binary) {
        *out = v;
        return true;
    }
    return from_bcd(v, out);
}

static unsigned int days_in_month(unsigned int year, unsigned int mon)
{
    static const uint8_t days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    return days[mon - 1] + (mon == 2 && leap);
}

bool rtc_decode(const struct rtc_regs *r, struct rtc_time *t)
{
    bool binary = r->reg_b & RTC_DM_BINARY;
    bool pm = false;
    uint8_t hour = r->hour;

    if (!(r->reg_b & RTC_24H)) {
        pm = hour & 0x80;
        hour &= 0x7f;
    }
    if (!field(r->sec, binary, &t->sec) || !field(r->min, binary, &t->min) ||
        !field(hour, binary, &t->hour) || !field(r->mday, binary, &t->mday) ||
        !field(r->mon, binary, &t->mon) || !field(r->year, binary, &t->year))
        return false;
    if (!(r->reg_b & RTC_24H)) {
        if (t->hour < 1 || t->hour > 12)
            return false;
        t->hour = t->hour % 12 + (pm ? 12 : 0);     /* 12 AM is 0, 12 PM is 12 */
    }
    if (t->year > 99)
        return false;
    t->year += t->year < 70 ? 2000 : 1900;
    if (t->sec > 59 || t->min > 59 || t->hour > 23 || t->mon < 1 || t->mon > 12 ||
        t->mday < 1 || t->mday > days_in_month(t->year, t->mon))
        return false;
    return true;
}

uint64_t rtc_mktime(const struct rtc_time *t)
{
    /* Days since the epoch by counting from March (so February, with the
     * leap day, is the year's last month): the civil-calendar formula. */
    unsigned int y = t->year - (t->mon <= 2), m = t->mon;
    uint64_t era_days = (uint64_t)y * 365 + y / 4 - y / 100 + y / 400;
    uint64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + t->mday - 1;
    uint64_t days = era_days + doy - 719468;     /* 0000-03-01 .. 1970-01-01 */

    return days * 86400 + t->hour * 3600 + t->min * 60 + t->sec;
}
