#include "schedule.h"
#include "escape.h"
#include "load.h"
#include "rerun.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

volatile sig_atomic_t labrun_interrupted;
static int wake_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
    int e = errno;
    if (sig != SIGCHLD) {
        labrun_interrupted = 1;
        runner_interrupted = 1;
    }
    if (wake_pipe[1] >= 0)
        (void)!write(wake_pipe[1], "x", 1);
    errno = e;
}

void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGCHLD, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
        wake_pipe[0] = wake_pipe[1] = -1;
    runner_wake_fd = wake_pipe[0];
}


/* TAP diagnostics: each line of text as "#   line". */
static void tap_comment(struct strbuf *line, const char *text)
{
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        sb_addf(line, "#   %.*s\n", len, p);
        p += len + (nl ? 1 : 0);
    }
}

static void emit_tap(struct run_state *st, struct job *j)
{
    struct strbuf line;
    char *desc = tap_escape(j->name);
    sb_init(&line);
    st->tap_no++;
    if (j->status == OUT_SKIP) {
        char *why = tap_escape(j->summary ? j->summary : "");
        sb_addf(&line, "ok %d - %s # SKIP %s\n", st->tap_no, desc, why);
        free(why);
    } else {
        sb_addf(&line, "%sok %d - %s (%.1f s)\n", j->status == OUT_PASS ? "" : "not ", st->tap_no, desc,
                j->duration);
        if (j->note)
            tap_comment(&line, j->note);
        if (j->status == OUT_FAIL && j->message)
            tap_comment(&line, j->message);
    }
    free(desc);
    fputs(line.buf, stdout);
    fflush(stdout);
    sb_adds(&st->tap, line.buf);
    sb_free(&line);
}

/* Live status: one line per running scenario, redrawn in place. */
static void draw_status(struct run_state *st, int clear_only)
{
    if (!st->tty)
        return;
    if (st->drawn)
        fprintf(stderr, "\r\033[%dA\033[J", st->drawn);
    st->drawn = 0;
    if (clear_only) {
        fflush(stderr);
        return;
    }
    double now = now_mono();
    for (int i = 0; i < st->n; i++) {
        struct job *j = &st->jobs[i];
        if (j->state != JOB_RUNNING)
            continue;
        fprintf(stderr, "  %-28.28s %6.1f s  %.70s\n", j->name, now - j->started,
                j->progress[0] ? j->progress : "starting");
        st->drawn++;
    }
    fflush(stderr);
}

static void child_run(struct run_state *st, struct job *j, int prog_fd)
{
    struct scenario s;
    struct profile *profs;
    struct diag d;
    char *skip;
    struct run_outcome out;
    char *note = NULL;
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    /* A wake-up pipe of its own: the parent's would steal the wake-ups. */
    close(wake_pipe[0]);
    close(wake_pipe[1]);
    install_signals();
    if (chdir(j->artdir) < 0)
        _exit(3);
    int rc = load(st->o, j->file, j->stack, j->artdir, &s, &profs, &skip, &d);
    char *repro = repro_command(st->o, j->stack, j->file);
    FILE *rf = fopen("repro.sh", "w");
    if (rf) {
        fprintf(rf, "#!/bin/sh\ncd '%s' && %s\n", start_folder(), repro);
        fclose(rf);
        chmod("repro.sh", 0755);
    }
    if (rc < 0) {
        out = (struct run_outcome){ OUT_FAIL, 0, xstrdup(d.msg), xasprintf("%s\n", d.msg) };
    } else if (rc == 1) {
        out = (struct run_outcome){ OUT_SKIP, 0, xstrdup(skip), NULL };
    } else {
        struct run_config cfg = { j->stack, st->accel, st->qemu, st->labnet, st->o->timeout_scale,
                                  repro, prog_fd, st->o->verbose };
        run_scenario_rerun(&s, profs, &cfg, &out, &note);
    }
    FILE *f = fopen("result", "w");
    if (f) {
        fprintf(f, "%d\n%.3f\n%s\n", (int)out.status, out.duration, out.summary ? out.summary : "");
        fclose(f);
    }
    if (out.message && (f = fopen("failure.txt", "w"))) {
        fputs(out.message, f);
        fclose(f);
    }
    if (note && (f = fopen("rerun.txt", "w"))) {
        fputs(note, f);
        fclose(f);
    }
    _exit(0);
}

static void start_job(struct run_state *st, struct job *j)
{
    int pfd[2];
    rm_tree(j->artdir);
    if (mkdir_p(j->artdir) < 0 || pipe2(pfd, O_CLOEXEC) < 0) {
        j->state = JOB_DONE;
        j->status = OUT_FAIL;
        j->summary = xasprintf("cannot create %s: %s", j->artdir, strerror(errno));
        j->message = xasprintf("%s\n", j->summary);
        return;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(pfd[0]);
        child_run(st, j, pfd[1]);
    }
    close(pfd[1]);
    if (pid < 0) {
        close(pfd[0]);
        j->state = JOB_DONE;
        j->status = OUT_FAIL;
        j->summary = xasprintf("fork: %s", strerror(errno));
        return;
    }
    fcntl(pfd[0], F_SETFL, O_NONBLOCK);
    j->pid = pid;
    j->prog_fd = pfd[0];
    j->state = JOB_RUNNING;
    j->started = now_mono();
}

static void read_progress(struct job *j)
{
    char buf[1024];
    ssize_t n;
    while ((n = read(j->prog_fd, buf, sizeof buf - 1)) > 0) {
        buf[n] = '\0';
        char *end = buf + n;
        if (end > buf && end[-1] == '\n')
            *--end = '\0';
        char *last = strrchr(buf, '\n');
        const char *src = last ? last + 1 : buf;
        size_t len = strlen(src);
        if (len >= sizeof j->progress)
            len = sizeof j->progress - 1;
        memcpy(j->progress, src, len);
        j->progress[len] = '\0';
    }
}

static void finish_job(struct run_state *st, struct job *j, int wstatus)
{
    char *path = xasprintf("%s/result", j->artdir);
    char *res = read_text_file(path);
    free(path);
    close(j->prog_fd);
    j->state = JOB_DONE;
    j->duration = now_mono() - j->started;
    if (res) {
        char *l2 = strchr(res, '\n'), *l3 = l2 ? strchr(l2 + 1, '\n') : NULL;
        j->status = (enum outcome)atoi(res);
        if (l2)
            j->duration = atof(l2 + 1);
        if (l3) {
            char *e = strchr(l3 + 1, '\n');
            j->summary = e ? xstrndup(l3 + 1, (size_t)(e - l3 - 1)) : xstrdup(l3 + 1);
        }
        path = xasprintf("%s/failure.txt", j->artdir);
        j->message = read_text_file(path);
        free(path);
        path = xasprintf("%s/rerun.txt", j->artdir);
        j->note = read_text_file(path);
        free(path);
        free(res);
    } else {
        j->status = OUT_FAIL;
        j->summary = xasprintf("the scenario runner died (%s %d)",
                               WIFSIGNALED(wstatus) ? "signal" : "status",
                               WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : WEXITSTATUS(wstatus));
        j->message = xasprintf("%s\n", j->summary);
    }
    draw_status(st, 1);
    emit_tap(st, j);
}

static int running_count(struct run_state *st)
{
    int r = 0;
    for (int i = 0; i < st->n; i++)
        r += st->jobs[i].state == JOB_RUNNING;
    return r;
}

static int exclusive_running(struct run_state *st)
{
    for (int i = 0; i < st->n; i++)
        if (st->jobs[i].state == JOB_RUNNING && st->jobs[i].exclusive)
            return 1;
    return 0;
}

void schedule(struct run_state *st)
{
    int next = 0;
    double last_draw = 0;
    for (;;) {
        while (!labrun_interrupted && running_count(st) < st->o->jobs && next < st->n &&
               !exclusive_running(st)) {
            struct job *j = &st->jobs[next];
            /* An exclusive scenario (timing-sensitive) waits for the others
             * to end, and nothing starts beside it. */
            if (j->state == JOB_PENDING && j->exclusive && running_count(st) > 0)
                break;
            next++;
            if (j->state == JOB_PENDING)
                start_job(st, j);
            if (j->state == JOB_DONE && j->pid == 0)
                emit_tap(st, j);
        }
        if (labrun_interrupted) {
            for (; next < st->n; next++) {
                struct job *j = &st->jobs[next];
                if (j->state == JOB_PENDING) {
                    j->state = JOB_DONE;
                    j->status = OUT_FAIL;
                    j->summary = xstrdup("not run: labrun was interrupted");
                }
                emit_tap(st, j);
            }
        }
        if (running_count(st) == 0 && next >= st->n)
            break;
        struct pollfd pf[65];
        int np = 0;
        for (int i = 0; i < st->n && np < 64; i++)
            if (st->jobs[i].state == JOB_RUNNING)
                pf[np++] = (struct pollfd){ st->jobs[i].prog_fd, POLLIN, 0 };
        pf[np++] = (struct pollfd){ wake_pipe[0], POLLIN, 0 };
        poll(pf, (nfds_t)np, 500);
        char junk[64];
        while (read(wake_pipe[0], junk, sizeof junk) > 0)
            ;
        for (int i = 0; i < st->n; i++) {
            struct job *j = &st->jobs[i];
            int ws;
            if (j->state != JOB_RUNNING)
                continue;
            read_progress(j);
            if (labrun_interrupted)
                kill(j->pid, SIGTERM);
            if (waitpid(j->pid, &ws, WNOHANG) == j->pid)
                finish_job(st, j, ws);
        }
        if (now_mono() - last_draw > 0.5) {
            draw_status(st, 0);
            last_draw = now_mono();
        }
    }
    draw_status(st, 1);
}
