/* xend-config.sxp samples of the guide (sections 2.2, 5, 6.3) and bad
 * input. */
#include "test_util.h"

static struct xend_config cfg;
static struct cfg_diags d;

static void setup(void)
{
    memset(&cfg, 0, sizeof(cfg));
    memset(&d, 0, sizeof(d));
}

static void teardown(void)
{
    xend_config_free(&cfg);
    cfg_diags_free(&d);
}

static int load(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    int rc = xend_config_parse_file(path, &cfg, &d);
    if (rc < 0 || d.n)
        cfg_diags_print(&d, stderr);
    return rc;
}

static int text(const char *t)
{
    return xend_config_parse_string(t, strlen(t), "x.sxp", &cfg, &d);
}

START_TEST(defaults)
{
    ck_assert_int_eq(text(""), 0);
    ck_assert(!cfg.unix_server && !cfg.relocation_server);
    ck_assert_uint_eq(cfg.relocation_port, 8002);
    ck_assert_str_eq(cfg.relocation_address, "");
    ck_assert_uint_eq(cfg.n_relocation_hosts_allow, 0);
    ck_assert(!cfg.relocation_ssl_server && !cfg.relocation_ssl);
    ck_assert_uint_eq(cfg.relocation_ssl_port, 8003);       /* Xen 4.1's */
    ck_assert_ptr_null(cfg.relocation_ssl_key_file);
    ck_assert_ptr_null(cfg.relocation_ssl_cert_file);
    ck_assert_ptr_null(cfg.network_script.name);
    ck_assert_str_eq(cfg.vif_script.name, "vif-bridge");
    ck_assert_str_eq(cfg.logfile, "/var/log/xend.log");   /* guide 6.1.1 */
    ck_assert_int_eq(cfg.loglevel, XEND_LOG_DEBUG);
}
END_TEST

/* 2.2 + 5.1.1 + 6.3 as the fixture combines them. */
START_TEST(guide_fixed)
{
    ck_assert_int_eq(load(GUIDE_DIR, "xend-config.fixed.sxp"), 0);
    ck_assert_uint_eq(d.n, 0);
    ck_assert(cfg.unix_server);
    ck_assert_str_eq(cfg.network_script.name, "network-bridge");
    ck_assert_uint_eq(cfg.network_script.n_args, 0);
    ck_assert_str_eq(cfg.vif_script.name, "vif-bridge");
    ck_assert(cfg.relocation_server);
    ck_assert_uint_eq(cfg.relocation_port, 8002);
    ck_assert_str_eq(cfg.relocation_address, "");   /* every interface */
    ck_assert_uint_eq(cfg.n_relocation_hosts_allow, 0);
    const char *peer[] = { "evil.example.org", "203.0.113.9" };
    ck_assert(xend_config_relocation_allowed(&cfg, peer, 2));   /* '' = all */
    ck_assert_uint_eq(xend_config_given(&cfg, "xend-relocation-port"), 7);
}
END_TEST

/* The verbatim quotes: '' became " in the PDF, an unterminated string. */
START_TEST(guide_verbatim)
{
    ck_assert_int_eq(load(GUIDE_DIR, "xend-config.sxp"), -1);
    ck_assert_diag(&d, CFG_ERROR, "xend-config.sxp:13: unterminated string");
}
END_TEST

START_TEST(section_5_scripts)
{
    ck_assert_int_eq(load(SAMPLES_DIR, "xend-config-5.2-nat.sxp"), 0);
    ck_assert_str_eq(cfg.network_script.name, "network-nat");
    ck_assert_str_eq(cfg.vif_script.name, "vif-nat");
    xend_config_free(&cfg);
    ck_assert_int_eq(load(SAMPLES_DIR, "xend-config-5.3-route.sxp"), 0);
    ck_assert_str_eq(cfg.network_script.name, "network-route");
    ck_assert_str_eq(cfg.vif_script.name, "vif-route");
    xend_config_free(&cfg);
    ck_assert_int_eq(load(SAMPLES_DIR, "xend-config-5-netdev.sxp"), 0);
    ck_assert_str_eq(cfg.network_script.name, "network-bridge");
    ck_assert_uint_eq(cfg.network_script.n_args, 1);
    ck_assert_str_eq(cfg.network_script.args[0], "netdev=eth1");
    xend_config_free(&cfg);
    ck_assert_int_eq(load(SAMPLES_DIR, "xend-config-5.1.2-custom.sxp"), 0);
    ck_assert(cfg.unix_server);
    ck_assert_ptr_null(cfg.network_script.name);   /* disabled */
    ck_assert_str_eq(cfg.vif_script.name, "vif-bridge");
}
END_TEST

START_TEST(section_6_3_restricted_relocation)
{
    ck_assert_int_eq(load(SAMPLES_DIR, "xend-config-6.3-restricted.sxp"), 0);
    ck_assert_str_eq(cfg.relocation_address, "192.168.2.1");
    ck_assert_uint_eq(cfg.n_relocation_hosts_allow, 2);
    ck_assert_str_eq(cfg.relocation_hosts_allow[1], "^192\\.168\\.2\\.[0-9]+$");
    const char *ok1[] = { "localhost" };
    const char *ok2[] = { "peer.example.org", "192.168.2.7" };
    const char *no1[] = { "peer.example.org", "192.168.3.7" };
    const char *no2[] = { "localhost.evil.org" };
    ck_assert(xend_config_relocation_allowed(&cfg, ok1, 1));
    ck_assert(xend_config_relocation_allowed(&cfg, ok2, 2));
    ck_assert(!xend_config_relocation_allowed(&cfg, no1, 2));
    ck_assert(!xend_config_relocation_allowed(&cfg, no2, 1));
    ck_assert_int_eq(cfg.loglevel, XEND_LOG_INFO);
    ck_assert_uint_eq(cfg.dom0_min_mem, 196);
}
END_TEST

/* Section 5 lists all three pairs; xend reads the first of each. */
START_TEST(repeated_keys_first_wins)
{
    ck_assert_int_eq(text("(network-script network-bridge) (vif-script "
                          "vif-bridge)\n(network-script network-nat)\n"), 0);
    ck_assert_str_eq(cfg.network_script.name, "network-bridge");
    ck_assert_diag(&d, CFG_WARNING, "x.sxp:2: warning: key 'network-script': "
                   "repeated; xend uses the first one, on line 1");
}
END_TEST

static const char *const bad[][2] = {
    { "(xend-relocation-port abc)", "x.sxp:1: key 'xend-relocation-port': "
      "expected a TCP port (1-65535), got 'abc'" },
    { "(xend-relocation-port 70000)", "expected a TCP port (1-65535), got "
      "'70000'" },
    { "\n(xend-relocation-server maybe)", "x.sxp:2: key "
      "'xend-relocation-server': expected yes or no, got 'maybe'" },
    { "(network-script network-bridge netdev=eth1)", "key 'network-script': "
      "expected exactly one value, as in (network-script value); quote a "
      "script with arguments" },
    { "(network-script /bin/sh)", "key 'network-script': expected a script "
      "name from /etc/xen/scripts" },
    { "(network-script '')", "expected a script name" },
    { "(xend-unix-server)", "key 'xend-unix-server': expected exactly one "
      "value" },
    { "(xend-unix-server (yes))", "expected exactly one value" },
    { "xend-unix-server yes", "x.sxp:1: expected an entry '(key value)', got "
      "a bare word" },
    { "()", "expected an entry '(key value)', got '()'" },
    { "((a) b)", "got a list that does not start with a key" },
    { "(xend-relocation-hosts-allow '^(a')", "key "
      "'xend-relocation-hosts-allow': '^(a' is not a valid regular expression" },
    /* found by fuzz-smoke: glibc's regcomp would take gigabytes */
    { "(xend-relocation-hosts-allow '^192\\\\++++++++++++++++++++++++++.1')",
      "'^192\\++++++++++++++++++++++++++.1' is too complex a regular "
      "expression" },
    { "(xend-relocation-hosts-allow '((a{99}){99}){99}')", "too complex" },
    { "(loglevel LOUD)", "key 'loglevel': expected DEBUG, INFO, WARNING" },
    { "(dom0-min-mem -5)", "key 'dom0-min-mem': expected a whole number of "
      "MiB, got '-5'" },
};

START_TEST(errors_name_line_and_key)
{
    ck_assert_int_eq(text(bad[_i][0]), -1);
    ck_assert_diag(&d, CFG_ERROR, bad[_i][1]);
}
END_TEST

/* TLS on the relocation channel, with Xen 4.1's keys. */
START_TEST(relocation_ssl_keys)
{
    ck_assert_int_eq(text("(xend-relocation-ssl-server yes)\n(xend-relocation-ssl-port 9003)\n"
                          "(xend-relocation-ssl yes)\n"
                          "(xend-relocation-server-ssl-key-file /etc/xen/xmlrpc.key)\n"
                          "(xend-relocation-server-ssl-cert-file /etc/xen/xmlrpc.crt)\n"), 0);
    ck_assert_uint_eq(d.n, 0);
    ck_assert(cfg.relocation_ssl_server && cfg.relocation_ssl);
    ck_assert_uint_eq(cfg.relocation_ssl_port, 9003);
    ck_assert_str_eq(cfg.relocation_ssl_key_file, "/etc/xen/xmlrpc.key");
    ck_assert_str_eq(cfg.relocation_ssl_cert_file, "/etc/xen/xmlrpc.crt");
}
END_TEST

START_TEST(unknown_keys_warn)
{
    ck_assert_int_eq(text("(xend-frobnicate yes)\n(xend-domain-lock no)\n"
                          "(xend-unix-server yes)\n"), 0);
    ck_assert_diag(&d, CFG_WARNING, "x.sxp:1: warning: key 'xend-frobnicate': "
                   "unknown key, ignored");
    ck_assert_diag(&d, CFG_WARNING, "x.sxp:2: warning: key 'xend-domain-lock':"
                   " not supported");
    ck_assert(cfg.unix_server);
}
END_TEST

START_TEST(every_error_reported)
{
    ck_assert_int_eq(text("(xend-port x)\n(xend-relocation-port y)\n"), -1);
    ck_assert_uint_eq(cfg_diags_count(&d, CFG_ERROR), 2);
}
END_TEST

START_TEST(unreadable_file)
{
    ck_assert_int_eq(xend_config_parse_file("/nonexistent/xend-config.sxp",
                                            &cfg, &d), -1);
    ck_assert_diag(&d, CFG_ERROR, "/nonexistent/xend-config.sxp: No such file");
    ck_assert_str_eq(cfg.vif_script.name, "vif-bridge");   /* defaults */
}
END_TEST

Suite *xend_config_suite(void)
{
    Suite *s = suite_create("xend-config");
    TCase *tc = tcase_create("xend");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, guide_fixed);
    tcase_add_test(tc, guide_verbatim);
    tcase_add_test(tc, section_5_scripts);
    tcase_add_test(tc, section_6_3_restricted_relocation);
    tcase_add_test(tc, repeated_keys_first_wins);
    tcase_add_loop_test(tc, errors_name_line_and_key, 0,
                        sizeof(bad) / sizeof(*bad));
    tcase_add_test(tc, relocation_ssl_keys);
    tcase_add_test(tc, unknown_keys_warn);
    tcase_add_test(tc, every_error_reported);
    tcase_add_test(tc, unreadable_file);
    suite_add_tcase(s, tc);
    return s;
}
