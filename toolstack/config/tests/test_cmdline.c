/* The kernel command line xm/xend built from root, ip, nfs_* and extra. */
#include <stdlib.h>

#include "test_util.h"

static void expect(const char *config, const char *want)
{
    struct xm_domain_config cfg;
    struct cfg_diags d = { 0 };
    char text[1024];
    snprintf(text, sizeof(text), "name='a'\nkernel='/k'\n%s", config);
    ck_assert_int_eq(xm_text(text, &cfg, &d), 0);
    char *got = xm_config_kernel_cmdline(&cfg);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);
    xm_config_free(&cfg);
    cfg_diags_free(&d);
}

START_TEST(pieces_in_xend_order)
{
    expect("", "");
    expect("root='/dev/xvda1 ro'\n", "root=/dev/xvda1 ro");
    expect("extra='4'\n", "4");
    expect("ip='10.0.0.2'\n", "ip=10.0.0.2:127.0.255.255::::eth0:off");
    expect("ip='10.0.0.2'\ngateway='10.0.0.1'\nnetmask='255.0.0.0'\n"
           "hostname='h'\ninterface='eth1'\nroot='/dev/nfs'\n"
           "nfs_server='10.0.0.1'\nnfs_root='/srv/h'\nextra='single'\n",
           "root=/dev/nfs ip=10.0.0.2:10.0.0.1:10.0.0.1:255.0.0.0:h:eth1:off "
           "nfsroot=10.0.0.1:/srv/h single");
}
END_TEST

/* xend adds root= and ip= only when extra does not set them already. */
START_TEST(extra_settings_win)
{
    expect("root='/dev/xvda1'\nextra='root=/dev/xvdb1 quiet'\n",
           "root=/dev/xvdb1 quiet");
    expect("ip='10.0.0.2'\nextra='ip=dhcp'\n", "ip=dhcp");
    /* "nfsroot=" is not "root=" (xend's plain search confused them) */
    expect("root='/dev/nfs'\nnfs_server='10.0.0.1'\nnfs_root='/srv'\n",
           "root=/dev/nfs nfsroot=10.0.0.1:/srv");
}
END_TEST

START_TEST(dhcp_without_ip)
{
    expect("dhcp='dhcp'\nhostname='h'\n", "ip=:127.0.255.255:::h:eth0:dhcp");
    expect("dhcp='off'\n", "");
}
END_TEST

Suite *cmdline_suite(void)
{
    Suite *s = suite_create("cmdline");
    TCase *tc = tcase_create("kernel");
    tcase_add_test(tc, pieces_in_xend_order);
    tcase_add_test(tc, extra_settings_win);
    tcase_add_test(tc, dhcp_without_ip);
    suite_add_tcase(s, tc);
    return s;
}
