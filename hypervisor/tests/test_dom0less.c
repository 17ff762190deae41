/* Dom0-less settings from a module's command line (common/dom0less_config.c). */
#include <check.h>
#include <string.h>
#include <xen/dom0less.h>
#include "suites.h"

static struct dom0less_config cfg;
static char err[128];

START_TEST(defaults_are_xls)
{
    ck_assert_int_eq(dom0less_parse_config("/boot/guest.elf", &cfg, err, sizeof(err)), 0);
    ck_assert_uint_eq(cfg.memory_mb, 32);
    ck_assert_uint_eq(cfg.vcpus, 1);
    ck_assert_uint_eq(cfg.weight, 256);
    ck_assert_uint_eq(cfg.cap, 0);
    ck_assert(cfg.cpus == ~0ULL);
    ck_assert_int_eq(cfg.on_poweroff, DOM0LESS_DESTROY);
    ck_assert_int_eq(cfg.on_reboot, DOM0LESS_RESTART);
    ck_assert_int_eq(cfg.on_crash, DOM0LESS_DESTROY);
    ck_assert_str_eq(cfg.cmdline, "");
    ck_assert_str_eq(cfg.name, "");
    ck_assert_int_eq(cfg.ramdisk, -1);
}
END_TEST

START_TEST(every_key_and_the_guest_line)
{
    ck_assert_int_eq(dom0less_parse_config(
        "g.elf name=sched-a memory=64 vcpus=2 cpus=1,3-4 weight=512 cap=25 "
        "on_poweroff=preserve on_reboot=destroy on_crash=restart ramdisk=7 --  share=33 x=--",
        &cfg, err, sizeof(err)), 0);
    ck_assert_str_eq(cfg.name, "sched-a");
    ck_assert_uint_eq(cfg.memory_mb, 64);
    ck_assert_uint_eq(cfg.vcpus, 2);
    ck_assert(cfg.cpus == ((1ULL << 1) | (1ULL << 3) | (1ULL << 4)));
    ck_assert_uint_eq(cfg.weight, 512);
    ck_assert_uint_eq(cfg.cap, 25);
    ck_assert_int_eq(cfg.on_poweroff, DOM0LESS_PRESERVE);
    ck_assert_int_eq(cfg.on_reboot, DOM0LESS_DESTROY);
    ck_assert_int_eq(cfg.on_crash, DOM0LESS_RESTART);
    ck_assert_str_eq(cfg.cmdline, "share=33 x=--");
    ck_assert_int_eq(cfg.ramdisk, 7);
}
END_TEST

START_TEST(errors_name_the_key)
{
    static const struct { const char *line, *msg; } bad[] = {
        { "g memory=0", "bad value '0' for memory" },
        { "g memory=12x", "bad value '12x' for memory" },
        { "g vcpus=65", "bad value '65' for vcpus" },
        { "g weight=0", "bad value '0' for weight" },
        { "g cpus=3-1", "bad value '3-1' for cpus" },
        { "g cpus=64", "bad value '64' for cpus" },
        { "g cpus=1,", "bad value '1,' for cpus" },
        { "g on_crash=reboot", "bad value 'reboot' for on_crash" },
        { "g ramdisk=64", "bad value '64' for ramdisk" },
        { "g ramdisk=initrd.img", "bad value 'initrd.img' for ramdisk" },
        { "g colour=blue", "unknown key 'colour'" },
        { "g console=hvc0", "unknown key 'console'" },
        { "g quiet", "'quiet' is not key=value (the guest's command line goes after --)" },
        { "g =1", "'=1' is not key=value (the guest's command line goes after --)" },
        { "g name=", "bad value '' for name" },
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(dom0less_parse_config(bad[i].line, &cfg, err, sizeof(err)) == -1,
                      "accepted %s", bad[i].line);
        ck_assert_str_eq(err, bad[i].msg);
    }
}
END_TEST

START_TEST(long_guest_lines)
{
    static char line[1200];

    memset(line, 'a', sizeof(line) - 1);
    memcpy(line, "g -- ", 5);
    ck_assert_int_eq(dom0less_parse_config(line, &cfg, err, sizeof(err)), -1);
    ck_assert_str_eq(err, "guest command line longer than 1023 bytes");
    line[1000] = '\0';
    ck_assert_int_eq(dom0less_parse_config(line, &cfg, err, sizeof(err)), 0);
    ck_assert_uint_eq(strlen(cfg.cmdline), 995);
}
END_TEST

START_TEST(module_and_cpu_lists)
{
    uint64_t m;

    ck_assert_int_eq(dom0less_parse_modules("all", &m), 0);
    ck_assert(m == ~0ULL);
    ck_assert_int_eq(dom0less_parse_modules("0,2-3", &m), 0);
    ck_assert(m == 0xd);
    ck_assert_int_eq(dom0less_parse_cpus("63", &m), 0);
    ck_assert(m == 1ULL << 63);
    ck_assert_int_eq(dom0less_parse_cpus("", &m), -1);
    ck_assert_int_eq(dom0less_parse_cpus("a", &m), -1);
    ck_assert_int_eq(dom0less_parse_cpus("1-", &m), -1);
    ck_assert_int_eq(dom0less_parse_cpus("99999999999999999999999", &m), -1);
}
END_TEST

Suite *dom0less_suite(void)
{
    Suite *s = suite_create("dom0less");
    TCase *tc = tcase_create("config");

    tcase_add_test(tc, defaults_are_xls);
    tcase_add_test(tc, every_key_and_the_guest_line);
    tcase_add_test(tc, errors_name_the_key);
    tcase_add_test(tc, long_guest_lines);
    tcase_add_test(tc, module_and_cpu_lists);
    suite_add_tcase(s, tc);
    return s;
}
