/* xm destroy DOM, xm pause DOM, xm unpause DOM, xm shutdown [-w] DOM,
 * xm reboot [-w] DOM and xm dmesg [-c|--clear] (guide 6.1.2). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "xm_client.h"
#include "xm_cmds.h"

/* A command on one domain, with nothing to print but errors. */
static int one_domain(enum xend_op op, const char *cmd, int argc, char **argv)
{
    struct xend_request req = { .op = op };

    if (argc != 2 || argv[1][0] == '-')
        return xm_usage_error(cmd, "'xm %s' requires 1 argument.", cmd);
    req.domains = argv + 1;
    req.n_domains = 1;
    return xm_call_quiet(&req);
}

int xm_destroy(int argc, char **argv)
{
    return one_domain(XEND_OP_DESTROY, "destroy", argc, argv);
}

int xm_pause(int argc, char **argv)
{
    return one_domain(XEND_OP_PAUSE, "pause", argc, argv);
}

int xm_unpause(int argc, char **argv)
{
    return one_domain(XEND_OP_UNPAUSE, "unpause", argc, argv);
}

/* How long -w waits for a guest to go down. */
#define XM_WAIT_SECONDS 300

/* -w: until domain id is gone or shut down; xm 4.1 then said so. */
static int wait_down(const char *id, const char *name, bool reboot)
{
    char *ids[1] = { (char *)id };
    struct xend_request req = { .op = XEND_OP_LIST, .domains = ids, .n_domains = 1 };

    for (int t = 0; t < XM_WAIT_SECONDS; t++) {
        struct xend_reply r;
        const struct sxp *dom;
        bool down;
        int rc = xm_call(&req, &r);

        if (rc)
            return rc;
        dom = r.err ? NULL : sxp_child(r.value, "domain");
        down = r.err == ESRCH || (dom && strchr(sxp_child_value(dom, "state", ""), 's'));
        if (r.err && r.err != ESRCH)
            rc = xm_report_error(&r);
        sxp_free(&r.doc);
        if (rc)
            return rc;
        if (down) {
            printf("Domain %s %s\nAll domains %s\n", name, reboot ? "rebooted" : "terminated",
                   reboot ? "rebooted" : "terminated");
            return 0;
        }
        sleep(1);
    }
    fprintf(stderr, "Error: domain %s did not go down within %d s\n", name, XM_WAIT_SECONDS);
    return 1;
}

/* shutdown / reboot [-w] DOM: the guest is asked (control/shutdown). */
static int ask_down(enum xend_op op, const char *cmd, int argc, char **argv)
{
    struct xend_request req = { .op = op };
    struct xend_reply r;
    bool wait = false;
    char id[16] = "", name[256] = "";
    int rc, i = 1;

    if (i < argc && (!strcmp(argv[i], "-w") || !strcmp(argv[i], "--wait")))
        wait = true, i++;
    if (argc - i != 1 || argv[i][0] == '-')
        return xm_usage_error(cmd, "'xm %s' requires 1 argument.", cmd);
    req.domains = argv + i;
    req.n_domains = 1;
    rc = xm_call(&req, &r);
    if (rc)
        return rc;
    if (r.err) {
        rc = xm_report_error(&r);
    } else {
        snprintf(id, sizeof(id), "%s", sxp_child_value(r.value, "domid", ""));
        snprintf(name, sizeof(name), "%s", sxp_child_value(r.value, "name", argv[i]));
    }
    sxp_free(&r.doc);
    if (rc || !wait)
        return rc;
    return wait_down(id, name, op == XEND_OP_REBOOT);
}

int xm_shutdown(int argc, char **argv)
{
    return ask_down(XEND_OP_SHUTDOWN, "shutdown", argc, argv);
}

int xm_reboot(int argc, char **argv)
{
    return ask_down(XEND_OP_REBOOT, "reboot", argc, argv);
}

int xm_dmesg(int argc, char **argv)
{
    struct xend_request req = { .op = XEND_OP_DMESG };
    struct xend_reply r;
    const char *text;
    int rc;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--clear"))
            req.clear = true;
        else
            return xm_usage_error("dmesg", "option %s not recognized", argv[i]);
    }
    rc = xm_call(&req, &r);
    if (rc)
        return rc;
    if (r.err) {
        rc = xm_report_error(&r);
    } else if (!sxp_name(r.value) || strcmp(sxp_name(r.value), "dmesg") ||
               r.value->n != 2 || r.value->items[1].kind != SXP_ATOM) {
        fputs("Error: xend answered dmesg with no (dmesg TEXT)\n", stderr);
        rc = 1;
    } else {
        text = r.value->items[1].atom;
        fputs(text, stdout);
        if (*text && text[strlen(text) - 1] != '\n')
            putchar('\n');
    }
    sxp_free(&r.doc);
    return rc;
}
