/* xm create [-c] [-n] FILE [var=value ...] (guide 4.1.4, 6.1.2): the
 * config found as xm 4.1 found it (the path, then /etc/xen/), parsed and
 * checked by config/ before anything is sent, so an error names file,
 * line and key and nothing is created; then the (vm ...) record goes to
 * xend, which builds the domain. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xm_client.h"
#include "xm_cmds.h"
#include "xmconfig.h"

static int send_create(const struct sxp *vm, bool console)
{
    struct xend_request req = { .op = XEND_OP_CREATE, .vm = *vm };
    struct xend_reply r;
    int rc = xm_call(&req, &r);

    if (rc)
        return rc;
    if (r.err) {
        rc = xm_report_error(&r);
    } else {
        const char *name = sxp_child_value(r.value, "name", "?");
        const char *id = sxp_child_value(r.value, "domid", "?");
        printf("Started domain %s (id=%s)\n", name, id);
        fflush(stdout);
        /* -c: xm 4.1 attached to the new domain's console by its ID. */
        if (console)
            rc = xm_console_attach(id, false);
    }
    sxp_free(&r.doc);
    return rc;
}

int xm_create(int argc, char **argv)
{
    const char *file = NULL;
    const char **vars = calloc((size_t)argc, sizeof(*vars));
    size_t n_vars = 0;
    bool dry_run = false, console = false;
    char path[4096];
    struct xm_domain_config cfg;
    struct cfg_diags diags = { 0 };
    struct sxp vm;
    int rc = 1;

    if (!vars)
        return 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--console_autoconnect")) {
            console = true;
        } else if (!strcmp(argv[i], "-n") || !strcmp(argv[i], "--dryrun")) {
            dry_run = true;
        } else if (argv[i][0] == '-') {
            free(vars);
            return xm_usage_error("create", "option %s not recognized", argv[i]);
        } else if (strchr(argv[i], '=')) {
            vars[n_vars++] = argv[i];
        } else if (!file) {
            file = argv[i];
        } else {
            free(vars);
            return xm_usage_error("create", "more than one config file: '%s'", argv[i]);
        }
    }
    if (!file) {
        free(vars);
        return xm_usage_error("create", "no config file given");
    }
    if (xm_config_locate(file, NULL, path, sizeof(path)) < 0) {
        fprintf(stderr, "Error: Unable to open config file: %s\n", file);
        free(vars);
        return 1;
    }
    printf("Using config file \"%s\".\n", path);
    if (xm_config_parse_file(path, vars, n_vars, &cfg, &diags) < 0) {
        cfg_diags_print(&diags, stderr);
        fprintf(stderr, "Error: %s: not created: errors in the config\n", path);
        goto out;
    }
    cfg_diags_print(&diags, stderr);   /* warnings */
    if (xm_config_to_sxp(&cfg, &vm) < 0) {
        fputs("Error: out of memory.\n", stderr);
        goto out;
    }
    if (dry_run) {
        char *text = sxp_format(&vm, false);
        if (text) {
            puts(text);
            rc = 0;
        }
        free(text);
    } else {
        rc = send_create(&vm, console);
    }
    sxp_free(&vm);
out:
    xm_config_free(&cfg);
    cfg_diags_free(&diags);
    free(vars);
    return rc;
}
