/* Helpers shared by the unit tests. */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "xendconfig.h"
#include "xmconfig.h"

Suite *pyconf_suite(void);
Suite *python2_suite(void);
Suite *cpumap_suite(void);
Suite *specs_suite(void);
Suite *xm_guide_suite(void);
Suite *xm_errors_suite(void);
Suite *cmdline_suite(void);
Suite *sxp_suite(void);
Suite *xend_config_suite(void);

/* Parses text as a config named "t.cfg"; returns the parser's result. */
static inline int xm_text(const char *text, struct xm_domain_config *cfg,
                          struct cfg_diags *d)
{
    return xm_config_parse_string(text, strlen(text), "t.cfg", NULL, 0, cfg,
                                  d);
}

/* Asserts that some message of the given level contains needle. */
#define ck_assert_diag(d, lvl, needle)                                     \
    do {                                                                     \
        const struct cfg_diag *m_ = cfg_diags_find((d), (needle));          \
        if (!m_ || m_->level != (lvl))                                     \
            cfg_diags_print((d), stderr);                                    \
        ck_assert_msg(m_ != NULL, "no message containing \"%s\"", (needle)); \
        ck_assert_int_eq(m_->level, (lvl));                                \
    } while (0)

#endif
