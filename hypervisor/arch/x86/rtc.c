/* Reading the CMOS clock at boot (MC146818A: index port 0x70, data port
 * 0x71). An update cycle takes under 2 ms and the registers are not to be
 * trusted while status A's UIP bit is set, so we wait for UIP clear and
 * read the date twice until both reads agree. Unlike Xen we do not wait
 * for the next second's edge: the wallclock is good to a second, which
 * is what the CMOS clock holds anyway. */
#include <xen/lib.h>
#include <xen/time.h>
#include <xen/string.h>
#include <asm/io.h>
#include <asm/rtc.h>

static uint8_t cmos_read(uint8_t reg)
{
    outb(reg, 0x70);
    return inb(0x71);
}

static bool wait_no_update(void)
{
    for (unsigned int i = 0; i < 10000; i++) {      /* 10 ms: five update cycles */
        if (!(cmos_read(RTC_REG_A) & RTC_UIP))
            return true;
        udelay(1);
    }
    return false;
}

static void read_regs(struct rtc_regs *r)
{
    r->sec = cmos_read(RTC_SECONDS);
    r->min = cmos_read(RTC_MINUTES);
    r->hour = cmos_read(RTC_HOURS);
    r->mday = cmos_read(RTC_DAY_OF_MONTH);
    r->mon = cmos_read(RTC_MONTH);
    r->year = cmos_read(RTC_YEAR);
    r->reg_b = cmos_read(RTC_REG_B);
}

bool rtc_read(struct rtc_time *t)
{
    struct rtc_regs a, b;

    for (unsigned int tries = 0; tries < 5; tries++) {
        if (!wait_no_update())
            break;
        read_regs(&a);
        if (!wait_no_update())
            break;
        read_regs(&b);
        if (!memcmp(&a, &b, sizeof(a)))
            return rtc_decode(&a, t);
    }
    return false;
}
