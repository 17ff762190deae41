/* Bad xm configs: every complaint names file:line, the key and what was
 * expected; unknown keys only warn. */
#include <errno.h>
#include <stdlib.h>

#include "test_util.h"

static struct xm_domain_config cfg;
static struct cfg_diags d;

static void setup(void)
{
    memset(&cfg, 0, sizeof(cfg));
    memset(&d, 0, sizeof(d));
}

static void teardown(void)
{
    xm_config_free(&cfg);
    cfg_diags_free(&d);
}

#define BASE "name = 'a'\nkernel = '/k'\n"   /* lines 1-2 */

static const char *const type_errors[][2] = {
    { BASE "memory = 'abc'\n",
      "t.cfg:3: key 'memory': expected an integer (MiB), got 'abc'" },
    { BASE "memory = [512]\n",
      "t.cfg:3: key 'memory': expected an integer (MiB), got a list" },
    { BASE "memory = 0\n", "t.cfg:3: key 'memory': expected an integer (MiB), "
      "got 0 (allowed: 1 to" },
    { BASE "vcpus = 'two'\n", "t.cfg:3: key 'vcpus': expected an integer "
      "(number of virtual CPUs), got 'two'" },
    { BASE "vcpus = 129\n", "t.cfg:3: key 'vcpus': expected an integer "
      "(number of virtual CPUs), got 129 (allowed: 1 to 128)" },
    { BASE "on_reboot = 'reboot'\n", "t.cfg:3: key 'on_reboot': expected "
      "destroy, restart, preserve or rename-restart, got 'reboot'" },
    { BASE "on_poweroff = 'coredump-destroy'\n", "t.cfg:3: key "
      "'on_poweroff': expected destroy, restart, preserve or rename-restart" },
    { BASE "builder = 'xen'\n", "t.cfg:3: key 'builder': expected 'linux' "
      "(PV guest) or 'hvm', got 'xen'" },
    { BASE "ip = '192.168.2'\n", "t.cfg:3: key 'ip': expected an IPv4 "
      "address, got '192.168.2'" },
    { BASE "dhcp = 'yes'\n", "t.cfg:3: key 'dhcp': expected 'dhcp' or 'off', "
      "got 'yes'" },
    { BASE "builder='hvm'\nboot = 'x'\n", "t.cfg:4: key 'boot': expected "
      "boot devices" },
    { BASE "builder='hvm'\nacpi = 'maybe'\n", "t.cfg:4: key 'acpi': expected "
      "0 or 1, got 'maybe'" },
    { BASE "tsc_mode = 7\n", "t.cfg:3: key 'tsc_mode': expected 0, 1, 2 or 3" },
    { BASE "kernel = ['a']\n", "t.cfg:3: key 'kernel': expected a path to the "
      "kernel image, got a list" },
    { BASE "disk = ['phy:/dev/sda1,xvda1,w',\n  'tap:aio:/s.img,w']\n",
      "t.cfg:3: key 'disk': entry 2: 'tap:aio:/s.img,w' should be "
      "'UNAME,DEV,MODE'" },
    { BASE "disk = [1]\n", "t.cfg:3: key 'disk': expected a list of disk "
      "strings" },
    { BASE "vif = ['mac=00:16:3e:00:00:11, brdge=xenbr0']\n", "t.cfg:3: key "
      "'vif': entry 1: 'brdge' is not a vif option" },
    { BASE "cpus = '0-3,x'\n", "t.cfg:3: key 'cpus': 'x' is not a CPU number" },
    { BASE "vcpus = 2\ncpus = ['2', 'z']\n", "t.cfg:4: key 'cpus': entry 2 "
      "(for vCPU 1): 'z' is not a CPU number" },
    { BASE "cpus = [['2']]\n", "t.cfg:3: key 'cpus': expected a list of CPU "
      "strings" },
    { BASE "name = 'my dom'\n", "key 'name': expected a domain name" },
    { BASE "disk = ['phy:/dev/a,xvda,w', 'phy:/dev/b,xvda,w']\n",
      "t.cfg:3: key 'disk': entries 1 and 2 both use device 'xvda'" },
};

START_TEST(type_errors_name_file_line_key)
{
    ck_assert_int_eq(xm_text(type_errors[_i][0], &cfg, &d), -1);
    ck_assert_diag(&d, CFG_ERROR, type_errors[_i][1]);
}
END_TEST

START_TEST(all_type_errors_are_reported_at_once)
{
    ck_assert_int_eq(xm_text(BASE "memory = 'x'\nvcpus = 'y'\n", &cfg, &d), -1);
    ck_assert_uint_eq(cfg_diags_count(&d, CFG_ERROR), 2);
    ck_assert_diag(&d, CFG_ERROR, "t.cfg:3: key 'memory'");
    ck_assert_diag(&d, CFG_ERROR, "t.cfg:4: key 'vcpus'");
}
END_TEST

START_TEST(cross_key_checks)
{
    ck_assert_int_eq(xm_text("kernel = '/k'\nvcpus = 1\ncpus = ['2', '8']\n"
                             "nfs_root = 'export'\nmemory = 256\n"
                             "maxmem = 128\n", &cfg, &d), -1);
    ck_assert_diag(&d, CFG_ERROR, "t.cfg:6: key 'name': not set by the end "
                   "of the file");
    ck_assert_diag(&d, CFG_ERROR, "t.cfg:3: key 'cpus': a list of 2 entries "
                   "gives one entry per virtual CPU, but vcpus = 1");
    ck_assert_diag(&d, CFG_ERROR, "t.cfg:4: key 'nfs_root': needs nfs_server");
    ck_assert_diag(&d, CFG_ERROR, "t.cfg:4: key 'nfs_root': expected an "
                   "absolute path");
    ck_assert_diag(&d, CFG_ERROR, "t.cfg:6: key 'maxmem': maxmem (128 MiB) is "
                   "below memory (256 MiB)");
}
END_TEST

/* The message names the file and where it ends, so a user sees which
 * file was read and that the key is missing from all of it. */
START_TEST(kernel_required_for_pv)
{
    ck_assert_int_eq(xm_text("name = 'a'\n# no kernel\nmemory = 64", &cfg,
                             &d), -1);
    ck_assert_diag(&d, CFG_ERROR, "t.cfg:3: key 'kernel': not set by the end "
                   "of the file: a PV (builder 'linux') guest needs a kernel "
                   "image");
    xm_config_free(&cfg);
    cfg_diags_free(&d);
    memset(&cfg, 0, sizeof(cfg));
    ck_assert_int_eq(xm_text("", &cfg, &d), -1);
    ck_assert_diag(&d, CFG_ERROR, "t.cfg: key 'kernel': not set (the file is "
                   "empty)");
    /* Lines end as Python counts them: CR LF and a lone CR each end one. */
    xm_config_free(&cfg);
    cfg_diags_free(&d);
    memset(&cfg, 0, sizeof(cfg));
    ck_assert_int_eq(xm_text("name = 'a'\rmemory = 64\r", &cfg, &d), -1);
    ck_assert_diag(&d, CFG_ERROR, "t.cfg:2: key 'kernel': not set by the end "
                   "of the file");
    xm_config_free(&cfg);
    cfg_diags_free(&d);
    memset(&cfg, 0, sizeof(cfg));
    ck_assert_int_eq(xm_config_parse_file(SAMPLES_DIR "/python2-no-kernel.cfg",
                                          NULL, 0, &cfg, &d), -1);
    ck_assert_uint_eq(cfg_diags_count(&d, CFG_ERROR), 1);
    ck_assert_diag(&d, CFG_ERROR, SAMPLES_DIR "/python2-no-kernel.cfg:4: key "
                   "'kernel': not set by the end of the file: a PV (builder "
                   "'linux') guest needs a kernel image");
}
END_TEST

START_TEST(unknown_keys_warn_only)
{
    ck_assert_int_eq(xm_text(BASE "colour = 'blue'\nbootloader = '/pygrub'\n"
                             "acpi = 1\n", &cfg, &d), 0);
    ck_assert_uint_eq(cfg_diags_count(&d, CFG_ERROR), 0);
    ck_assert_diag(&d, CFG_WARNING, "t.cfg:3: warning: key 'colour': unknown "
                   "key, ignored");
    ck_assert_diag(&d, CFG_WARNING, "t.cfg:4: warning: key 'bootloader': not "
                   "supported by this toolstack");
    ck_assert_diag(&d, CFG_WARNING, "t.cfg:5: warning: key 'acpi': only used "
                   "by HVM guests");
}
END_TEST

START_TEST(pv_keys_in_hvm_config_warn)
{
    ck_assert_int_eq(xm_text("name='h'\nkernel='hvmloader'\nbuilder='hvm'\n"
                             "extra='x'\nsdl=1\n", &cfg, &d), 0);
    ck_assert_diag(&d, CFG_WARNING, "t.cfg:4: warning: key 'extra': only used "
                   "by PV guests");
    ck_assert_diag(&d, CFG_WARNING, "t.cfg:5: warning: key 'sdl': sdl and vnc "
                   "are both enabled");
}
END_TEST

START_TEST(last_assignment_wins_with_a_warning)
{
    ck_assert_int_eq(xm_text(BASE "memory = 64\nmemory = 'bad'\n"
                             "memory = 256\n", &cfg, &d), 0);
    ck_assert_uint_eq(cfg.memory_mib, 256);
    ck_assert_diag(&d, CFG_WARNING, "t.cfg:3: warning: key 'memory': assigned "
                   "again on line 4; the last assignment wins");
    ck_assert_diag(&d, CFG_WARNING, "t.cfg:4: warning: key 'memory': assigned "
                   "again on line 5;");
    ck_assert_uint_eq(xm_config_given(&cfg, "memory"), 5);
}
END_TEST

START_TEST(strings_and_ints_convert_both_ways)
{
    ck_assert_int_eq(xm_text("name = 'a'\nkernel = '/k'\nvcpus = ' 2 '\nextra = 4\n"
                             "memory = True\nsdl = None\nroot = 'root=/dev/"
                             "xvda1'\nbuilder='hvm'\nvnc = 'no'\n", &cfg, &d), 0);
    ck_assert_str_eq(cfg.extra, "4");
    ck_assert_uint_eq(cfg.vcpus, 2);
    ck_assert_uint_eq(cfg.memory_mib, 1);
    ck_assert(!cfg.hvm.sdl);
    ck_assert(!cfg.hvm.vnc);
    ck_assert_uint_eq(xm_config_given(&cfg, "sdl"), 0);   /* None: unset */
    ck_assert_str_eq(cfg.root, "/dev/xvda1");            /* as xm strips */
}
END_TEST

START_TEST(command_line_overrides_win)
{
    static const char *const ov[] = { "vcpus=2", "disk=phy:/dev/sdb,xvdb,w",
                                      "disk=file:/x.img,xvdc,r", "extra=1" };
    const char *text = BASE "vcpus = 1\ndisk = ['phy:/dev/sda,xvda,w']\n";
    ck_assert_int_eq(xm_config_parse_string(text, strlen(text), "t.cfg", ov, 4,
                                            &cfg, &d), 0);
    ck_assert_uint_eq(cfg.vcpus, 2);
    ck_assert_uint_eq(cfg.n_disks, 2);
    ck_assert_str_eq(cfg.disks[0].vdev, "xvdb");
    ck_assert_str_eq(cfg.disks[1].vdev, "xvdc");
    ck_assert_str_eq(cfg.extra, "1");
}
END_TEST

START_TEST(bad_overrides)
{
    static const char *const ov1[] = { "vcpus" };
    static const char *const ov2[] = { "memory=lots" };
    const char *text = BASE;
    ck_assert_int_eq(xm_config_parse_string(text, strlen(text), "t.cfg", ov1, 1,
                                            &cfg, &d), -1);
    ck_assert_diag(&d, CFG_ERROR, "<command line>:1: 'vcpus' should be "
                   "key=value");
    xm_config_free(&cfg);
    ck_assert_int_eq(xm_config_parse_string(text, strlen(text), "t.cfg", ov2, 1,
                                            &cfg, &d), -1);
    ck_assert_diag(&d, CFG_ERROR, "<command line>:1: key 'memory': expected an "
                   "integer (MiB), got 'lots'");
    static const char *const ov3[] = { "vcpus=2", "nfs_root=/srv" };
    xm_config_free(&cfg);
    ck_assert_int_eq(xm_config_parse_string(text, strlen(text), "t.cfg", ov3, 2,
                                            &cfg, &d), -1);
    ck_assert_diag(&d, CFG_ERROR, "<command line>:2: key 'nfs_root': needs "
                   "nfs_server");
}
END_TEST

START_TEST(missing_file)
{
    ck_assert_int_eq(xm_config_parse_file("/nonexistent/domu1", NULL, 0, &cfg,
                                          &d), -1);
    ck_assert_diag(&d, CFG_ERROR, "/nonexistent/domu1: No such file");
    xm_config_free(&cfg);
    ck_assert_int_eq(xm_config_parse_file(SAMPLES_DIR, NULL, 0, &cfg, &d), -1);
    ck_assert_diag(&d, CFG_ERROR, SAMPLES_DIR ": Is a directory");
    ck_assert_uint_eq(cfg_diags_count(&d, CFG_ERROR), 2);
}
END_TEST

/* "xm create domu1" finds /etc/xen/domu1 (guide 4.1.4). */
START_TEST(locate_config_file)
{
    char out[512], path[600];
    snprintf(path, sizeof(path), ".:%s", GUIDE_DIR);
    ck_assert_int_eq(xm_config_locate("4.1.4-domu1.fixed.cfg", path, out,
                                      sizeof(out)), 0);
    ck_assert_str_eq(out, GUIDE_DIR "/4.1.4-domu1.fixed.cfg");
    ck_assert_int_eq(xm_config_locate(SAMPLES_DIR "/6.4-cpus-list.cfg", NULL,
                                      out, sizeof(out)), 0);
    ck_assert_str_eq(out, SAMPLES_DIR "/6.4-cpus-list.cfg");
    ck_assert_int_eq(xm_config_locate("no-such-domu", path, out, sizeof(out)),
                     -1);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_eq(xm_config_locate("/no/such/file", path, out, sizeof(out)),
                     -1);
    ck_assert_int_eq(xm_config_locate("samples", SAMPLES_DIR "/..", out,
                                      sizeof(out)), -1);   /* a directory */
    ck_assert_int_eq(xm_config_locate("4.1.4-domu1.fixed.cfg", path, out, 8),
                     -1);
    ck_assert_int_eq(errno, ENAMETOOLONG);
}
END_TEST

Suite *xm_errors_suite(void)
{
    Suite *s = suite_create("xm-errors");
    TCase *tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, type_errors_name_file_line_key, 0,
                        sizeof(type_errors) / sizeof(*type_errors));
    tcase_add_test(tc, all_type_errors_are_reported_at_once);
    tcase_add_test(tc, cross_key_checks);
    tcase_add_test(tc, kernel_required_for_pv);
    tcase_add_test(tc, unknown_keys_warn_only);
    tcase_add_test(tc, pv_keys_in_hvm_config_warn);
    tcase_add_test(tc, last_assignment_wins_with_a_warning);
    tcase_add_test(tc, strings_and_ints_convert_both_ways);
    tcase_add_test(tc, command_line_overrides_win);
    tcase_add_test(tc, bad_overrides);
    tcase_add_test(tc, missing_file);
    tcase_add_test(tc, locate_config_file);
    suite_add_tcase(s, tc);
    return s;
}
