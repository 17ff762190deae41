/* The CMOS real-time clock (MC146818 registers, as every PC has it): read
 * once at boot for the wallclock in shared_info. Decoding is pure and
 * host-tested (arch/x86/rtc_decode.c); the port I/O is in arch/x86/rtc.c. */
#ifndef ASM_RTC_H
#define ASM_RTC_H
#include <xen/types.h>

/* CMOS register indices (MC146818A datasheet; index port 0x70, data 0x71). */
#define RTC_SECONDS      0x00
#define RTC_MINUTES      0x02
#define RTC_HOURS        0x04
#define RTC_DAY_OF_MONTH 0x07
#define RTC_MONTH        0x08
#define RTC_YEAR         0x09
#define RTC_REG_A        0x0a
#define RTC_REG_B        0x0b
#define RTC_UIP          0x80       /* A: an update is in progress */
#define RTC_24H          0x02       /* B: 24-hour mode (else 12h, bit 7 of hours = PM) */
#define RTC_DM_BINARY    0x04       /* B: binary (else BCD) */

/* The raw registers as read, and the date they hold. */
struct rtc_regs {
    uint8_t sec, min, hour, mday, mon, year, reg_b;
};

struct rtc_time {
    unsigned int year, mon, mday, hour, min, sec;
};

/* Decodes BCD or binary, 12- or 24-hour; the two-digit year is 1970-2069
 * (as Xen's get_cmos_time). false when a field is out of range. */
bool rtc_decode(const struct rtc_regs *r, struct rtc_time *t);
/* Seconds since 1970-01-01 00:00:00 UTC (the CMOS clock is taken as UTC,
 * as Xen does without a cmos_utc_offset). */
uint64_t rtc_mktime(const struct rtc_time *t);

/* arch/x86/rtc.c: reads the CMOS clock (waiting out an update); false if
 * it holds no valid date. */
bool rtc_read(struct rtc_time *t);

#endif
