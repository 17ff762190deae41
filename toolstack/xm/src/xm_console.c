/* xm console [-q] DOMAIN, and the attach xm create -c does (guide 4.1.4):
 * as xm 4.1's xenconsole, the domain's pty that xenconsoled publishes in
 * /local/domain/<id>/console/tty (xend looks it up: (console DOMAIN)),
 * bytes copied both ways with the terminal raw, until Ctrl-] (0x1d) or
 * until the pty hangs up (the domain is gone). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "xm_client.h"
#include "xm_cmds.h"

#define ESCAPE_CHAR 0x1d            /* Ctrl-], xenconsole's */
/* How long xm waits for xenconsoled to publish a new domain's pty. */
#define TTY_WAIT_MS 10000
#define TTY_POLL_MS 100

/* The pty's path, malloc'd; NULL with the exit status in *st. quiet: no
 * message for a missing domain (xm 4.1's -q). */
static char *lookup_tty(const char *dom, bool quiet, int *st)
{
    struct xend_request req = { .op = XEND_OP_CONSOLE, .domains = (char **)&dom,
                                .n_domains = 1 };
    struct timespec pause = { 0, TTY_POLL_MS * 1000000L };

    for (int waited = 0;; waited += TTY_POLL_MS) {
        struct xend_reply r;
        char *tty = NULL;

        if ((*st = xm_call(&req, &r)))
            return NULL;
        if (r.err) {
            *st = quiet && r.err == ESRCH ? 1 : xm_report_error(&r);
            sxp_free(&r.doc);
            return NULL;
        }
        const char *t = sxp_child_value(r.value, "tty", NULL);
        if (t && *t && !(tty = strdup(t)))
            *st = 1;
        sxp_free(&r.doc);
        if (tty || *st)
            return tty;
        if (waited >= TTY_WAIT_MS) {
            fprintf(stderr, "Error: no console for domain %s: xenconsoled has not "
                    "published its pty\n", dom);
            *st = 1;
            return NULL;
        }
        nanosleep(&pause, NULL);
    }
}

/* Copies until Ctrl-] on stdin (0) or the pty's hang-up (0 too, as
 * xenconsole when the domain goes). */
static int copy_loop(int pty)
{
    char buf[4096];

    for (;;) {
        struct pollfd p[2] = { { .fd = STDIN_FILENO, .events = POLLIN },
                               { .fd = pty, .events = POLLIN } };
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(pty, buf, sizeof(buf));
            if (n <= 0)
                return 0;
            if (write(STDOUT_FILENO, buf, (size_t)n) != n)
                return 1;
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
            if (n <= 0)
                return 0;
            char *esc = memchr(buf, ESCAPE_CHAR, (size_t)n);
            size_t len = esc ? (size_t)(esc - buf) : (size_t)n;
            if (len && write(pty, buf, len) != (ssize_t)len)
                return 1;
            if (esc)
                return 0;
        }
    }
}

int xm_console_attach(const char *dom, bool quiet)
{
    struct termios saved, raw;
    bool is_tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
    int st, pty;
    char *tty = lookup_tty(dom, quiet, &st);

    if (!tty)
        return st;
    pty = open(tty, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (pty < 0) {
        fprintf(stderr, "Error: Could not open tty `%s': %s\n", tty, strerror(errno));
        free(tty);
        return 1;
    }
    free(tty);
    /* TCSANOW: what the user typed ahead is for the guest, not dropped. */
    if (is_tty) {
        raw = saved;
        cfmakeraw(&raw);
        tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    }
    st = copy_loop(pty);
    if (is_tty)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    close(pty);
    return st;
}

int xm_console(int argc, char **argv)
{
    const char *dom = NULL;
    bool quiet = false;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet"))
            quiet = true;
        else if (argv[i][0] == '-')
            return xm_usage_error("console", "option %s not recognized", argv[i]);
        else if (!dom)
            dom = argv[i];
        else
            return xm_usage_error("console", "'xm console' requires 1 argument.");
    }
    if (!dom)
        return xm_usage_error("console", "'xm console' requires 1 argument.");
    return xm_console_attach(dom, quiet);
}
