#include "runner.h"
#include "host.h"
#include "proc.h"
#include "qmp.h"
#include "runmarker.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t runner_interrupted;
int runner_wake_fd = -1;

#define ACCEPT_TIMEOUT 30.0
#define QMP_TIMEOUT 10.0
#define TAIL_LINES 30

struct runner {
    const struct scenario *s;
    const struct run_config *cfg;
    struct rhost *h;
    int nh;
    pid_t labnet;
    double t0, budget_end;
    FILE *log, *tsv;
    struct strbuf why;     /* what went wrong in the current step */
    int why_host;          /* whose console to show, -1 for none */
};

enum wait_rc { WAIT_OK, WAIT_TIMEOUT, WAIT_INTR, WAIT_DEAD };

typedef int (*pred_fn)(struct runner *r, struct rhost *h, void *ctx);

static void fail_why(struct runner *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail_why(struct runner *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(&r->why, fmt, ap);
    va_end(ap);
}

static void drain_wake(void)
{
    char buf[64];
    if (runner_wake_fd >= 0)
        while (read(runner_wake_fd, buf, sizeof buf) > 0)
            ;
}

/* One round of the event loop: waits at most timeout seconds for console
 * data, then notices exits and trace records. */
static void pump(struct runner *r, double timeout)
{
    struct pollfd pf[2 * 16 + 1];
    struct rhost *owner[2 * 16 + 1];
    int n = 0;
    for (int i = 0; i < r->nh && n < 32; i++) {
        struct rhost *h = &r->h[i];
        int fd = h->ser_fd >= 0 ? h->ser_fd : h->listen_fd;
        if (fd >= 0) {
            pf[n] = (struct pollfd){ fd, POLLIN, 0 };
            owner[n++] = h;
        }
    }
    if (runner_wake_fd >= 0) {
        pf[n] = (struct pollfd){ runner_wake_fd, POLLIN, 0 };
        owner[n++] = NULL;
    }
    int ms = timeout <= 0 ? 0 : (int)(timeout * 1000) + 1;
    if (poll(pf, (nfds_t)n, ms) > 0) {
        for (int i = 0; i < n; i++) {
            if (!pf[i].revents)
                continue;
            if (owner[i])
                host_on_serial(owner[i], pf[i].fd);
            else
                drain_wake();
        }
    }
    for (int i = 0; i < r->nh; i++) {
        host_reap(&r->h[i]);
        host_read_trace(&r->h[i]);
    }
}

/* Runs the event loop until fn says yes, the deadline passes, a signal
 * arrives, or (watch != NULL) that host's QEMU exits. */
static enum wait_rc wait_for(struct runner *r, double deadline, pred_fn fn, struct rhost *watch,
                             void *ctx)
{
    for (;;) {
        if (fn && fn(r, watch, ctx))
            return WAIT_OK;
        if (runner_interrupted)
            return WAIT_INTR;
        if (watch && !watch->alive)
            return WAIT_DEAD;
        double left = deadline - now_mono();
        if (left <= 0)
            return WAIT_TIMEOUT;
        pump(r, left < 0.1 ? left : 0.1);
    }
}

static double step_deadline(struct runner *r, double timeout)
{
    double d = now_mono() + timeout * r->cfg->timeout_scale;
    return d < r->budget_end ? d : r->budget_end;
}

/* Explains a wait that did not succeed. */
static void explain(struct runner *r, enum wait_rc rc, struct rhost *h, double timeout, const char *what)
{
    switch (rc) {
    case WAIT_OK:
        return;
    case WAIT_INTR:
        fail_why(r, "interrupted by a signal while waiting for %s", what);
        return;
    case WAIT_DEAD:
        fail_why(r, "QEMU of %s %s while waiting for %s", h->decl->name, host_exit_text(h), what);
        return;
    case WAIT_TIMEOUT:
        if (now_mono() >= r->budget_end - 0.01)
            fail_why(r, "scenario budget of %g s exhausted while waiting for %s",
                     r->s->timeout * r->cfg->timeout_scale, what);
        else
            fail_why(r, "timed out after %g s waiting for %s", timeout * r->cfg->timeout_scale, what);
        return;
    }
}

static int pred_console(struct runner *r, struct rhost *h, void *ctx)
{
    (void)r;
    return matcher_search(&h->con, &((struct pattern *)ctx)->re, NULL, NULL);
}

static int pred_trace(struct runner *r, struct rhost *h, void *ctx)
{
    (void)r;
    return matcher_search(&h->trace, &((struct pattern *)ctx)->re, NULL, NULL);
}

static int pred_connected(struct runner *r, struct rhost *h, void *ctx)
{
    (void)r;
    (void)ctx;
    return h->ser_fd >= 0;
}

static int pred_exited(struct runner *r, struct rhost *h, void *ctx)
{
    (void)r;
    (void)ctx;
    return !h->alive;
}

/* Waits for pattern on the host's console within timeout. */
static int expect_console(struct runner *r, struct rhost *h, double timeout, struct pattern *pt,
                          const char *what)
{
    matcher_begin(&h->con);
    enum wait_rc rc = wait_for(r, step_deadline(r, timeout), pred_console, h, pt);
    if (rc == WAIT_DEAD && pred_console(r, h, pt))
        rc = WAIT_OK;
    if (rc != WAIT_OK) {
        char *show = pattern_show(pt);
        char *w = xasprintf("%s %s on %s's console", what, show, h->decl->name);
        explain(r, rc, h, timeout, w);
        free(w);
        free(show);
    }
    return rc == WAIT_OK ? 0 : -1;
}

/* QEMU's own complaint (a missing image, a bad option) says it best. */
static void qemu_log_tail(struct runner *r, struct rhost *h)
{
    char path[64];
    snprintf(path, sizeof path, "%s.qemu.log", h->decl->name);
    char *text = read_text_file(path);
    if (!text)
        return;
    char *tail = text_tail(text, strlen(text), 5);
    fail_why(r, "\nlast lines of %s:\n%s", path, tail);
    free(tail);
    free(text);
}

static int do_boot(struct runner *r, struct rhost *h)
{
    char err[300];
    struct qemu_opts o = { r->cfg->qemu, r->cfg->accel, SERIAL_SOCKET, NULL, 0 };
    if (host_start(h, &o, err, sizeof err) < 0) {
        fail_why(r, "%s", err);
        return -1;
    }
    enum wait_rc rc = wait_for(r, step_deadline(r, ACCEPT_TIMEOUT), pred_connected, h, NULL);
    if (rc != WAIT_OK) {
        explain(r, rc, h, ACCEPT_TIMEOUT, "QEMU to connect its serial port");
        qemu_log_tail(r, h);
        return -1;
    }
    if (h->prof->ready_timeout > 0)
        return expect_console(r, h, h->prof->ready_timeout, &h->prof->ready, "the profile's ready regex");
    return 0;
}

static void make_nonce(char *out, size_t n)
{
    static unsigned counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    snprintf(out, n, "%04x%04lx%02x", (unsigned)getpid() & 0xffff,
             (unsigned long)(ts.tv_nsec / 1000) & 0xffff, ++counter & 0xff);
}

/* Typing speed. A guest's console input path holds little: Xen keeps 128
 * bytes of serial input for dom0 and drops what comes while dom0 is slow to
 * read it (as under TCG on a busy machine). So text goes in chunks, each
 * once the guest has echoed half of the one before, or after ECHO_WAIT
 * seconds for input that is not echoed. */
#define TYPE_CHUNK 48
#define ECHO_WAIT 2.0

static int pred_echoed(struct runner *r, struct rhost *h, void *ctx)
{
    (void)r;
    return h->con.text.len >= *(size_t *)ctx;
}

static int type_text(struct runner *r, struct rhost *h, const char *s, size_t n, double deadline)
{
    while (n > 0) {
        size_t k = n < TYPE_CHUNK ? n : TYPE_CHUNK;
        size_t want = h->con.text.len + k / 2;
        if (host_send(h, s, k) < 0)
            return -1;
        s += k;
        n -= k;
        if (n == 0)
            break;
        double d = now_mono() + ECHO_WAIT;
        enum wait_rc rc = wait_for(r, d < deadline ? d : deadline, pred_echoed, h, &want);
        if (rc == WAIT_INTR || rc == WAIT_DEAD)
            return -1;
    }
    return 0;
}

struct run_wait {
    const char *nonce;
    size_t from;
    struct run_result res;
};

static int pred_marker(struct runner *r, struct rhost *h, void *ctx)
{
    struct run_wait *w = ctx;
    (void)r;
    return runmarker_find(h->con.text.buf + w->from, h->con.text.len - w->from, w->nonce, &w->res);
}

static int do_run(struct runner *r, struct rhost *h, const struct step *st)
{
    char nonce[32];
    double deadline = step_deadline(r, st->timeout);
    if (h->prof->prompt.compiled) {
        /* A prompt already on screen (matched by an expect step) counts. */
        matcher_begin(&h->con);
        matcher_rewind_line(&h->con);
        enum wait_rc rc = wait_for(r, deadline, pred_console, h, &h->prof->prompt);
        if (rc != WAIT_OK) {
            char *show = pattern_show(&h->prof->prompt);
            char *w = xasprintf("the shell prompt %s before typing the command", show);
            explain(r, rc, h, st->timeout, w);
            free(w);
            free(show);
            return -1;
        }
    }
    make_nonce(nonce, sizeof nonce);
    struct run_wait w = { nonce, h->con.cursor, { 0, 0, 0, 0 } };
    char *line = runmarker_command(st->data, nonce);
    int sent = type_text(r, h, line, strlen(line), deadline);
    free(line);
    if (sent < 0) {
        fail_why(r, "cannot type on %s's console (QEMU gone?)", h->decl->name);
        return -1;
    }
    enum wait_rc rc = wait_for(r, deadline, pred_marker, h, &w);
    if (rc == WAIT_DEAD && pred_marker(r, h, &w))
        rc = WAIT_OK;
    if (rc != WAIT_OK) {
        explain(r, rc, h, st->timeout, "the command to finish");
        return -1;
    }
    const char *base = h->con.text.buf + w.from;
    free(h->output);
    h->output = xstrndup(base + w.res.out_start, w.res.out_end - w.res.out_start);
    h->has_output = 1;
    h->con.cursor = w.from + w.res.end;
    if (!st->status_any && w.res.status != st->status) {
        fail_why(r, "the command exited with status %d, expected %d; its output:\n%s", w.res.status,
                 st->status, h->output);
        return -1;
    }
    return 0;
}

static int check_output(struct runner *r, struct rhost *h, const struct step *st)
{
    if (!h->has_output) {
        fail_why(r, "no run (or qmp) step on %s before this one: there is no output to match",
                 h->decl->name);
        return -1;
    }
    int found = regexec(&st->pat.re, h->output, 0, NULL, 0) == 0;
    if (found == (st->kind == STEP_OUTPUT))
        return 0;
    char *show = pattern_show(&st->pat);
    fail_why(r, "the output of the last run %s %s; the output was:\n%s",
             found ? "matches" : "does not match", show, h->output);
    free(show);
    r->why_host = -1;
    return -1;
}

static int do_qmp(struct runner *r, struct rhost *h, const char *cmd, const char *args)
{
    char err[400];
    char *reply = NULL;
    if (!h->alive) {
        fail_why(r, "%s is not running", h->decl->name);
        return -1;
    }
    if (h->qmp_fd < 0) {
        char path[64];
        snprintf(path, sizeof path, "%s.qmp", h->decl->name);
        h->qmp_fd = qmp_connect(path, step_deadline(r, QMP_TIMEOUT), err, sizeof err);
        if (h->qmp_fd < 0) {
            fail_why(r, "%s", err);
            return -1;
        }
    }
    int rc = qmp_execute(h->qmp_fd, cmd, args, step_deadline(r, QMP_TIMEOUT), &reply, err, sizeof err);
    if (reply) {
        free(h->output);
        h->output = reply;
        h->has_output = 1;
    }
    if (rc < 0)
        fail_why(r, "%s", err);
    return rc;
}

static int do_trace(struct runner *r, struct rhost *h, const struct step *st)
{
    if (h->prof->trace_port < 0) {
        fail_why(r, "profile %s has no 'trace' line: %s has no trace channel", h->prof->file,
                 h->decl->name);
        return -1;
    }
    matcher_begin(&h->trace);
    enum wait_rc rc = wait_for(r, step_deadline(r, st->timeout), pred_trace, h, (void *)&st->pat);
    if (rc == WAIT_DEAD && pred_trace(r, h, (void *)&st->pat))
        rc = WAIT_OK;
    if (rc != WAIT_OK) {
        char *show = pattern_show(&st->pat);
        char *w = xasprintf("trace record %s from %s", show, h->decl->name);
        explain(r, rc, h, st->timeout, w);
        free(w);
        free(show);
        char *tail = matcher_tail(&h->trace, 10);
        fail_why(r, "\nlast trace records of %s:\n%s", h->decl->name, tail);
        free(tail);
    }
    return rc == WAIT_OK ? 0 : -1;
}

static int do_poweroff(struct runner *r, struct rhost *h, const struct step *st)
{
    enum wait_rc rc = wait_for(r, step_deadline(r, st->timeout), pred_exited, h, NULL);
    if (rc != WAIT_OK) {
        explain(r, rc, h, st->timeout, "QEMU to exit by itself (power-off)");
        return -1;
    }
    if (!st->status_any && !(WIFEXITED(h->wstatus) && WEXITSTATUS(h->wstatus) == 0)) {
        fail_why(r, "QEMU of %s %s instead of powering off cleanly", h->decl->name, host_exit_text(h));
        return -1;
    }
    return 0;
}

static int do_wait(struct runner *r, const struct step *st)
{
    enum wait_rc rc = wait_for(r, step_deadline(r, st->timeout), NULL, NULL, NULL);
    if (rc == WAIT_INTR) {
        explain(r, rc, NULL, st->timeout, "the wait to end");
        return -1;
    }
    if (now_mono() >= r->budget_end) {
        explain(r, WAIT_TIMEOUT, NULL, st->timeout, "the wait to end");
        return -1;
    }
    return 0;
}

static int need_running(struct runner *r, struct rhost *h)
{
    if (h->alive)
        return 0;
    if (h->pid)
        fail_why(r, "QEMU of %s %s earlier", h->decl->name, host_exit_text(h));
    else
        fail_why(r, "%s was not booted (add 'boot %s' before this step)", h->decl->name, h->decl->name);
    return -1;
}

static int exec_step(struct runner *r, const struct step *st)
{
    struct rhost *h = st->host >= 0 ? &r->h[st->host] : NULL;
    r->why_host = st->host;
    switch (st->kind) {
    case STEP_BOOT:
        return do_boot(r, h);
    case STEP_EXPECT:
        return expect_console(r, h, st->timeout, (struct pattern *)&st->pat, "the regex");
    case STEP_SEND:
        if (need_running(r, h) < 0)
            return -1;
        if (type_text(r, h, st->data, st->datalen, step_deadline(r, 60)) < 0) {
            fail_why(r, "cannot type on %s's console", h->decl->name);
            return -1;
        }
        return 0;
    case STEP_RUN:
        return need_running(r, h) < 0 ? -1 : do_run(r, h, st);
    case STEP_OUTPUT:
    case STEP_NO_OUTPUT:
        return check_output(r, h, st);
    case STEP_TRACE:
        return do_trace(r, h, st);
    case STEP_QMP:
        return do_qmp(r, h, st->data, st->args);
    case STEP_LINK:
        if (!h->decl->lan) {
            fail_why(r, "%s has lan=no: there is no LAN cable to plug", h->decl->name);
            return -1;
        }
        return do_qmp(r, h, "set_link", st->up ? "{\"name\":\"lan0\",\"up\":true}"
                                               : "{\"name\":\"lan0\",\"up\":false}");
    case STEP_WAIT:
        return do_wait(r, st);
    case STEP_POWEROFF:
        return do_poweroff(r, h, st);
    case STEP_KILL:
        host_stop(h);
        return 0;
    }
    return -1;
}

pid_t labnet_spawn(const struct scenario *s, const char *labnet, char *err, int errlen)
{
    struct strbuf hosts;
    int any = 0;
    sb_init(&hosts);
    for (int i = 0; i < s->nhosts; i++) {
        if (s->hosts[i].lan) {
            sb_addf(&hosts, "%s%s", any ? "," : "", s->hosts[i].name);
            any = 1;
        }
    }
    if (!any) {
        sb_free(&hosts);
        return 0;
    }
    char *argv[] = { (char *)labnet, "--dir", ".", "--hosts", hosts.buf, "--pcap", "lan.pcap", NULL };
    int logfd = open("labnet.log", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    struct spawn_opts so = { NULL, -1, logfd, logfd, 1, SIGKILL };
    pid_t pid = spawn_process(argv, &so);
    if (logfd >= 0)
        close(logfd);
    sb_free(&hosts);
    if (pid < 0) {
        snprintf(err, (size_t)errlen, "cannot start labnet %s: %s", labnet, strerror(errno));
        return -1;
    }
    /* QEMU's dgram netdev sends to labnet's sockets: they must exist first. */
    double end = now_mono() + 10;
    for (int i = 0; i < s->nhosts; i++) {
        char path[64];
        struct stat sbuf;
        snprintf(path, sizeof path, "%s.lan", s->hosts[i].name);
        while (s->hosts[i].lan && stat(path, &sbuf) < 0) {
            int st;
            if (now_mono() > end || runner_interrupted || waitpid(pid, &st, WNOHANG) == pid) {
                snprintf(err, (size_t)errlen, "labnet did not create %s (see labnet.log)", path);
                stop_process(pid, 0.5);
                return -1;
            }
            struct timespec ts = { 0, 20 * 1000 * 1000 };
            nanosleep(&ts, NULL);
        }
    }
    return pid;
}

static int start_labnet(struct runner *r)
{
    char err[300];
    r->labnet = labnet_spawn(r->s, r->cfg->labnet, err, sizeof err);
    if (r->labnet < 0) {
        r->labnet = 0;
        fail_why(r, "%s", err);
        return -1;
    }
    return 0;
}

static void log_step(struct runner *r, const struct step *st, double a, double b, const char *res)
{
    double t0 = r->t0;
    if (r->log) {
        fprintf(r->log, "[%8.3f .. %8.3f] %-4s %s:%d: %s\n", a - t0, b - t0, res, r->s->file,
                st ? st->line : 0, st ? st->show : "(setup)");
        fflush(r->log);
    }
    if (r->cfg->verbose)
        fprintf(stderr, "labrun: %s@%s [%8.3f .. %8.3f] %-4s %s:%d: %s\n", r->s->id, r->cfg->stack,
                a - t0, b - t0, res, r->s->file, st ? st->line : 0, st ? st->show : "(setup)");
    if (r->tsv) {
        fprintf(r->tsv, "%.3f\t%.3f\t%s\t%s:%d\t%s\n", a - t0, b - t0, res, r->s->file,
                st ? st->line : 0, st ? st->show : "(setup)");
        fflush(r->tsv);
    }
}

static void progress(struct runner *r, int i, const struct step *st)
{
    if (r->cfg->progress_fd < 0)
        return;
    char buf[256];
    int n = snprintf(buf, sizeof buf, "%d/%d %s\n", i + 1, r->s->nsteps, st->show);
    /* Best effort: the status line is cosmetic. */
    if (n > 0)
        (void)!write(r->cfg->progress_fd, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static char *failure_message(struct runner *r, const struct step *st)
{
    struct strbuf m;
    sb_init(&m);
    if (st)
        sb_addf(&m, "step %s:%d: %s\n", r->s->file, st->line, st->show);
    else
        sb_addf(&m, "setup of %s\n", r->s->file);
    sb_addf(&m, "%s\n", r->why.buf);
    if (r->why_host >= 0) {
        struct rhost *h = &r->h[r->why_host];
        char *tail = matcher_tail(&h->con, TAIL_LINES);
        sb_addf(&m, "last %d console lines of %s:\n%s%s", TAIL_LINES, h->decl->name, tail,
                tail[0] && tail[strlen(tail) - 1] != '\n' ? "\n" : "");
        free(tail);
    }
    sb_addf(&m, "reproduce: %s\n", r->cfg->repro);
    return sb_steal(&m);
}

static void finish(struct runner *r)
{
    for (int i = 0; i < r->nh; i++)
        host_stop(&r->h[i]);
    if (r->labnet > 0)
        stop_process(r->labnet, 1.0);
    r->labnet = 0;
    /* Sockets are useless after the run and upset some artifact uploaders. */
    static const char *const socks[] = { "ser", "qmp", "nic", "lan" };
    for (int i = 0; i < r->nh; i++) {
        for (int k = 0; k < 4; k++) {
            char path[64];
            snprintf(path, sizeof path, "%s.%s", r->h[i].decl->name, socks[k]);
            unlink(path);
        }
    }
}

void run_scenario(const struct scenario *s, struct profile *profiles, const struct run_config *cfg,
                  struct run_outcome *out)
{
    struct runner r = { .s = s, .cfg = cfg, .nh = s->nhosts, .why_host = -1 };
    const struct step *bad = NULL;
    int ok = 1;
    sb_init(&r.why);
    r.t0 = now_mono();
    r.budget_end = r.t0 + s->timeout * cfg->timeout_scale;
    r.h = xcalloc((size_t)(s->nhosts ? s->nhosts : 1), sizeof *r.h);
    for (int i = 0; i < s->nhosts; i++)
        host_init(&r.h[i], &s->hosts[i], i, &profiles[i]);
    r.log = fopen("steps.log", "w");
    r.tsv = fopen("steps.tsv", "w");
    double a = now_mono();
    if (start_labnet(&r) < 0) {
        ok = 0;
        log_step(&r, NULL, a, now_mono(), "FAIL");
    }
    for (int i = 0; ok && i < s->nsteps; i++) {
        const struct step *st = &s->steps[i];
        progress(&r, i, st);
        a = now_mono();
        if (exec_step(&r, st) < 0) {
            ok = 0;
            bad = st;
        }
        log_step(&r, st, a, now_mono(), ok ? "ok" : "FAIL");
        if (ok && now_mono() > r.budget_end) {
            fail_why(&r, "scenario budget of %g s exhausted", s->timeout * cfg->timeout_scale);
            ok = 0;
            bad = st;
        }
    }
    /* Console text that arrived at the very end belongs in the logs. */
    pump(&r, 0);
    memset(out, 0, sizeof *out);
    out->duration = now_mono() - r.t0;
    out->status = ok ? OUT_PASS : OUT_FAIL;
    if (!ok) {
        out->message = failure_message(&r, bad);
        if (r.log)
            fprintf(r.log, "%s", out->message);
        char *nl = strchr(r.why.buf, '\n');
        out->summary = bad ? xasprintf("%s:%d: %.*s", s->file, bad->line,
                                       nl ? (int)(nl - r.why.buf) : (int)r.why.len, r.why.buf)
                           : xasprintf("%s: %s", s->file, r.why.buf);
    } else {
        out->summary = xstrdup("passed");
    }
    finish(&r);
    for (int i = 0; i < s->nhosts; i++)
        host_free(&r.h[i]);
    free(r.h);
    if (r.log)
        fclose(r.log);
    if (r.tsv)
        fclose(r.tsv);
    sb_free(&r.why);
}
