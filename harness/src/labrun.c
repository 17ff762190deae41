/* labrun: runs scenario files on stacks and reports TAP, JUnit and HTML.
 * Each scenario@stack runs in a forked child with its own event loop; the
 * parent schedules them (-j), shows progress and writes the reports. */
#include "accel.h"
#include "escape.h"
#include "interactive.h"
#include "job.h"
#include "report.h"
#include "runner.h"
#include "scenario.h"
#include "shard.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct options {
    const char *only_stack;
    int jobs;
    int shard_i, shard_n;
    const char *accel;
    const char *fixtures, *build, *report, *tap_file, *junit;
    struct vars defines;
    struct strbuf define_args; /* for the repro command */
    double timeout_scale;
    int list, check, interactive, debug, verbose;
    int fixtures_given;
    const char *argv0;
};

static volatile sig_atomic_t interrupted;
static int wake_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
    int e = errno;
    if (sig != SIGCHLD) {
        interrupted = 1;
        runner_interrupted = 1;
    }
    if (wake_pipe[1] >= 0)
        (void)!write(wake_pipe[1], "x", 1);
    errno = e;
}

static void install_signals(void)
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

static void usage(FILE *f)
{
    fputs("usage: labrun [options] FILE.scn...\n"
          "  --stack ours|xen|linux   run only on this stack (others: SKIP)\n"
          "  -j N                     run N scenarios in parallel\n"
          "  --shard i/n              run the i-th of n shards of scenario@stack ids\n"
          "  --accel auto|kvm|tcg     QEMU accelerator (auto: KVM only with nested virtualization)\n"
          "  --fixtures DIR           images (default $BUILD/fixtures)\n"
          "  --report DIR             artifacts and reports (default $BUILD/reports/<time>)\n"
          "  --tap-file F             also write TAP to F\n"
          "  --junit F                JUnit XML (default <report>/junit.xml)\n"
          "  --define NAME=VALUE      a variable for ${NAME} (wins over the scenario's)\n"
          "  --timeout-scale X        multiply every timeout by X\n"
          "  --list                   list id, stacks and title of each file\n"
          "  --check                  only parse the files and their profiles\n"
          "  --interactive [--debug]  boot the hosts, console on this terminal (Ctrl-a x quits)\n"
          "  --verbose                more detail on stderr\n"
          "environment: BUILD (build tree), LABRUN_QEMU (QEMU binary), LABNET (labnet binary)\n", f);
}

static char start_dir[PATH_MAX];

/* p made absolute against the directory labrun started in. */
static char *abs_path(const char *p)
{
    if (p[0] == '/')
        return xstrdup(p);
    if (!start_dir[0] && !getcwd(start_dir, sizeof start_dir))
        return xstrdup(p);
    return xasprintf("%s/%s", start_dir, p);
}

static void parse_options(int argc, char **argv, struct options *o)
{
    enum { O_STACK = 256, O_SHARD, O_ACCEL, O_FIX, O_REPORT, O_TAP, O_JUNIT, O_DEFINE, O_SCALE,
           O_LIST, O_CHECK, O_INTER, O_DEBUG, O_VERBOSE, O_KEEP, O_HELP };
    static const struct option lo[] = {
        { "stack", 1, 0, O_STACK }, { "shard", 1, 0, O_SHARD }, { "accel", 1, 0, O_ACCEL },
        { "fixtures", 1, 0, O_FIX }, { "report", 1, 0, O_REPORT }, { "tap-file", 1, 0, O_TAP },
        { "junit", 1, 0, O_JUNIT }, { "define", 1, 0, O_DEFINE }, { "timeout-scale", 1, 0, O_SCALE },
        { "list", 0, 0, O_LIST }, { "check", 0, 0, O_CHECK }, { "interactive", 0, 0, O_INTER },
        { "debug", 0, 0, O_DEBUG }, { "verbose", 0, 0, O_VERBOSE }, { "keep-going", 0, 0, O_KEEP },
        { "help", 0, 0, O_HELP }, { 0, 0, 0, 0 },
    };
    int c;
    char *end;
    memset(o, 0, sizeof *o);
    o->jobs = 1;
    o->accel = "auto";
    o->timeout_scale = 1.0;
    o->argv0 = argv[0];
    vars_init(&o->defines);
    sb_init(&o->define_args);
    while ((c = getopt_long(argc, argv, "j:h", lo, NULL)) != -1) {
        switch (c) {
        case O_STACK:
            o->only_stack = optarg;
            if (strcmp(optarg, "ours") && strcmp(optarg, "xen") && strcmp(optarg, "linux")) {
                fprintf(stderr, "labrun: --stack takes ours, xen or linux, not '%s'\n", optarg);
                exit(2);
            }
            break;
        case 'j':
            o->jobs = (int)strtol(optarg, &end, 10);
            if (*end || o->jobs < 1 || o->jobs > 64) {
                fprintf(stderr, "labrun: -j takes a number 1..64, not '%s'\n", optarg);
                exit(2);
            }
            break;
        case O_SHARD:
            if (shard_parse(optarg, &o->shard_i, &o->shard_n) < 0) {
                fprintf(stderr, "labrun: --shard takes i/n with 1 <= i <= n, not '%s'\n", optarg);
                exit(2);
            }
            break;
        case O_ACCEL:
            o->accel = optarg;
            if (strcmp(optarg, "auto") && strcmp(optarg, "kvm") && strcmp(optarg, "tcg")) {
                fprintf(stderr, "labrun: --accel takes auto, kvm or tcg, not '%s'\n", optarg);
                exit(2);
            }
            break;
        case O_FIX: o->fixtures = optarg; o->fixtures_given = 1; break;
        case O_REPORT: o->report = optarg; break;
        case O_TAP: o->tap_file = optarg; break;
        case O_JUNIT: o->junit = optarg; break;
        case O_DEFINE: {
            char *eq = strchr(optarg, '=');
            if (!eq || !vars_name_ok(optarg, (int)(eq - optarg))) {
                fprintf(stderr, "labrun: --define takes NAME=VALUE, not '%s'\n", optarg);
                exit(2);
            }
            char *name = xstrndup(optarg, (size_t)(eq - optarg));
            vars_set(&o->defines, name, eq + 1, VAR_CMDLINE);
            free(name);
            char *q = xasprintf("'%s'", optarg);
            sb_addf(&o->define_args, " --define %s", strchr(optarg, '\'') ? optarg : q);
            free(q);
            break;
        }
        case O_SCALE:
            o->timeout_scale = strtod(optarg, &end);
            if (*end || o->timeout_scale <= 0) {
                fprintf(stderr, "labrun: --timeout-scale takes a positive number, not '%s'\n", optarg);
                exit(2);
            }
            break;
        case O_LIST: o->list = 1; break;
        case O_CHECK: o->check = 1; break;
        case O_INTER: o->interactive = 1; break;
        case O_DEBUG: o->debug = 1; break;
        case O_VERBOSE: o->verbose = 1; break;
        case O_KEEP: break; /* the default: every scenario runs */
        case 'h':
        case O_HELP: usage(stdout); exit(0);
        default: usage(stderr); exit(2);
        }
    }
    if (o->debug && !o->interactive) {
        fprintf(stderr, "labrun: --debug goes with --interactive\n");
        exit(2);
    }
    const char *b = getenv("BUILD");
    o->build = abs_path(b && *b ? b : "build");
    o->fixtures = o->fixtures ? abs_path(o->fixtures) : xasprintf("%s/fixtures", o->build);
    if (!o->report) {
        char ts[32];
        time_t now = time(NULL);
        strftime(ts, sizeof ts, "%Y%m%d-%H%M%S", localtime(&now));
        o->report = xasprintf("%s/reports/%s", o->build, ts);
    }
    o->report = abs_path(o->report);
}

/* Variables every file and profile sees. */
static void base_vars(const struct options *o, const char *file, const char *stack,
                      const char *artdir, struct vars *vs)
{
    vars_copy(vs, &o->defines);
    vars_set(vs, "FIXTURES", o->fixtures, VAR_BUILTIN);
    vars_set(vs, "BUILD", o->build, VAR_BUILTIN);
    vars_set(vs, "STACK", stack, VAR_BUILTIN);
    vars_set(vs, "ARTIFACTS", artdir, VAR_BUILTIN);
    const char *b = strrchr(file, '/');
    b = b ? b + 1 : file;
    char *id = xstrdup(b);
    size_t l = strlen(id);
    if (l > 4 && !strcmp(id + l - 4, ".scn"))
        id[l - 4] = '\0';
    vars_set(vs, "SCENARIO", id, VAR_BUILTIN);
    free(id);
}

static char *profile_path(const char *file, const char *stack, const char *profile)
{
    const char *slash = strrchr(file, '/');
    if (!slash)
        return xasprintf("profiles/%s-%s.profile", stack, profile);
    return xasprintf("%.*s/profiles/%s-%s.profile", (int)(slash - file), file, stack, profile);
}

/* Parses file for stack; then the profiles of its hosts. Returns 0 (run
 * it), 1 (skip: *skip says why), -1 (error in d). */
static int load(const struct options *o, const char *file, const char *stack, const char *artdir,
                struct scenario *s, struct profile **profs, char **skip, struct diag *d)
{
    struct vars vs;
    /* Runners work in their artifact folder: read through absolute paths,
     * report the paths as the user wrote them. */
    char *real = abs_path(file);
    char *text = read_text_file(real);
    *profs = NULL;
    *skip = NULL;
    if (!text) {
        diag_set(d, file, 0, "cannot read: %s", strerror(errno));
        memset(s, 0, sizeof *s);
        free(real);
        return -1;
    }
    base_vars(o, file, stack, artdir, &vs);
    int rc = scenario_parse(text, file, &vs, s, d);
    free(text);
    vars_free(&vs);
    if (rc < 0)
        return -1;
    *profs = xcalloc((size_t)(s->nhosts ? s->nhosts : 1), sizeof **profs);
    for (int i = 0; i < s->nhosts && rc == 0; i++) {
        char *path = profile_path(file, stack, s->hosts[i].profile);
        char *rpath = profile_path(real, stack, s->hosts[i].profile);
        char *ptext = read_text_file(rpath);
        free(rpath);
        if (!ptext) {
            if (!*skip)
                *skip = xasprintf("no profile %s: stack %s cannot boot host %s (profile=%s) yet",
                                  path, stack, s->hosts[i].name, s->hosts[i].profile);
            free(path);
            continue;
        }
        struct vars pv;
        vars_copy(&pv, &s->vars);
        vars_set(&pv, "HOST", s->hosts[i].name, VAR_CONTEXT);
        if (profile_parse(ptext, path, &pv, &(*profs)[i], d) < 0)
            rc = -1;
        vars_free(&pv);
        free(ptext);
        free(path);
    }
    free(real);
    return rc < 0 ? -1 : *skip ? 1 : 0;
}

static void unload(struct scenario *s, struct profile *profs)
{
    if (profs)
        for (int i = 0; i < s->nhosts; i++)
            profile_free(&profs[i]);
    free(profs);
    scenario_free(s);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static int mkdir_p(const char *path)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            mkdir(p, 0755);
            *s = '/';
        }
    }
    int rc = mkdir(p, 0755) < 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

static char *repro_command(const struct options *o, const char *stack, const char *file)
{
    return xasprintf("%s --interactive --stack %s%s%s%s %s", o->argv0, stack,
                     o->fixtures_given ? " --fixtures " : "", o->fixtures_given ? o->fixtures : "",
                     o->define_args.buf, file);
}

/* --list and --check. */
static int list_or_check(const struct options *o, int nfiles, char **files)
{
    int bad = 0;
    char last[sizeof ((struct diag *)0)->msg] = "";
    for (int f = 0; f < nfiles; f++) {
        struct scenario s;
        struct profile *profs;
        struct diag d;
        char *skip;
        if (load(o, files[f], "xen", "/nonexistent", &s, &profs, &skip, &d) < 0 && s.nstacks == 0) {
            fprintf(stderr, "%s\n", d.msg);
            bad = 1;
            unload(&s, profs);
            free(skip);
            continue;
        }
        if (o->list) {
            printf("%s\t", s.id ? s.id : files[f]);
            for (int i = 0; i < s.nstacks; i++)
                printf("%s%s", i ? "," : "", s.stacks[i]);
            printf("\t%s\n", s.title ? s.title : "");
        }
        char *stacks[MAX_STACKS];
        int ns = s.nstacks;
        for (int i = 0; i < ns; i++)
            stacks[i] = xstrdup(s.stacks[i]);
        unload(&s, profs);
        free(skip);
        for (int i = 0; o->check && i < ns; i++) {
            if (load(o, files[f], stacks[i], "/nonexistent", &s, &profs, &skip, &d) < 0) {
                /* An error outside ${STACK} repeats for every stack: say it once. */
                if (strcmp(last, d.msg))
                    fprintf(stderr, "%s\n", d.msg);
                memcpy(last, d.msg, sizeof last);
                bad = 1;
            } else if (skip && o->verbose) {
                fprintf(stderr, "%s: note: %s\n", files[f], skip);
            }
            unload(&s, profs);
            free(skip);
        }
        for (int i = 0; i < ns; i++)
            free(stacks[i]);
    }
    if (o->check && !bad)
        printf("%d file%s OK\n", nfiles, nfiles == 1 ? "" : "s");
    return bad;
}

/* The jobs of this invocation: every file on every stack it lists (or on
 * --stack only), before sharding. */
static int make_jobs(const struct options *o, int nfiles, char **files, struct job **out)
{
    struct job *jobs = NULL;
    int n = 0;
    for (int f = 0; f < nfiles; f++) {
        struct scenario s;
        struct profile *profs;
        struct diag d;
        char *skip;
        int rc = load(o, files[f], "xen", "/", &s, &profs, &skip, &d);
        const char *stacks[MAX_STACKS];
        int ns = 0;
        if (o->only_stack)
            stacks[ns++] = o->only_stack;
        else
            for (int i = 0; i < s.nstacks; i++)
                stacks[ns++] = s.stacks[i];
        if (rc < 0 && s.nstacks == 0)
            ns = 0;
        if (ns == 0) { /* the file does not parse: one failing job */
            jobs = xrealloc(jobs, (size_t)(n + 1) * sizeof *jobs);
            struct job *j = memset(&jobs[n++], 0, sizeof *jobs);
            j->file = xstrdup(files[f]);
            const char *b = strrchr(files[f], '/');
            j->id = xstrdup(b ? b + 1 : files[f]);
            j->stack = xstrdup(o->only_stack ? o->only_stack : "any");
            j->name = xasprintf("%s@%s", j->id, j->stack);
            j->status = OUT_FAIL;
            j->state = JOB_DONE;
            j->summary = xstrdup(d.msg);
            j->message = xasprintf("%s\n", d.msg);
        }
        for (int i = 0; i < ns; i++) {
            jobs = xrealloc(jobs, (size_t)(n + 1) * sizeof *jobs);
            struct job *j = memset(&jobs[n++], 0, sizeof *jobs);
            j->file = xstrdup(files[f]);
            j->id = xstrdup(s.id);
            j->stack = xstrdup(stacks[i]);
            j->name = xasprintf("%s@%s", s.id, stacks[i]);
            j->title = xstrdup(s.title ? s.title : "");
            j->artdir = xasprintf("%s/%s", o->report, j->name);
            if (!scenario_has_stack(&s, stacks[i])) {
                j->status = OUT_SKIP;
                j->state = JOB_DONE;
                j->summary = xasprintf("%s lists stacks other than %s", j->file, stacks[i]);
            }
        }
        unload(&s, profs);
        free(skip);
    }
    *out = jobs;
    return n;
}

struct run_state {
    struct options *o;
    struct job *jobs;
    int n;
    int tap_no;
    struct strbuf tap;
    int tty;
    int drawn;          /* status lines on the terminal */
    const char *accel, *qemu, *labnet;
};

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
        if (j->status == OUT_FAIL && j->message) {
            for (char *p = j->message; *p;) {
                char *nl = strchr(p, '\n');
                int len = nl ? (int)(nl - p) : (int)strlen(p);
                sb_addf(&line, "#   %.*s\n", len, p);
                p += len + (nl ? 1 : 0);
            }
        }
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
        abs_path(".");
        fprintf(rf, "#!/bin/sh\ncd '%s' && %s\n", start_dir, repro);
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
        run_scenario(&s, profs, &cfg, &out);
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
    _exit(0);
}

static void start_job(struct run_state *st, struct job *j)
{
    int pfd[2];
    nftw(j->artdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
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

static void schedule(struct run_state *st)
{
    int next = 0;
    double last_draw = 0;
    for (;;) {
        while (!interrupted && running_count(st) < st->o->jobs && next < st->n) {
            struct job *j = &st->jobs[next++];
            if (j->state == JOB_PENDING)
                start_job(st, j);
            if (j->state == JOB_DONE && j->pid == 0)
                emit_tap(st, j);
        }
        if (interrupted) {
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
            if (interrupted)
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

static const char *labnet_path(void)
{
    static char buf[PATH_MAX];
    const char *env = getenv("LABNET");
    if (env && *env)
        return env;
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 16);
    if (n <= 0)
        return "labnet";
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    strcpy(slash ? slash + 1 : buf, "labnet");
    return buf;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "labrun: cannot write %s: %s\n", path, strerror(errno));
        return;
    }
    fputs(text, f);
    fclose(f);
}

int main(int argc, char **argv)
{
    struct options o;
    parse_options(argc, argv, &o);
    int nfiles = argc - optind;
    char **files = argv + optind;
    if (nfiles == 0) {
        usage(stderr);
        return 2;
    }
    if (o.list || o.check)
        return list_or_check(&o, nfiles, files);
    struct run_state st = { .o = &o };
    st.qemu = getenv("LABRUN_QEMU") && *getenv("LABRUN_QEMU") ? getenv("LABRUN_QEMU") : "qemu-system-x86_64";
    st.labnet = labnet_path();
    st.accel = accel_pick(o.accel);
    install_signals();
    if (o.interactive) {
        if (!o.only_stack) {
            fprintf(stderr, "labrun: --interactive needs --stack\n");
            return 2;
        }
        char *artdir = xasprintf("%s/interactive", o.report);
        nftw(artdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
        mkdir_p(artdir);
        struct scenario s;
        struct profile *profs;
        struct diag d;
        char *skip;
        int rc = load(&o, files[0], o.only_stack, artdir, &s, &profs, &skip, &d);
        if (rc != 0) {
            fprintf(stderr, "labrun: %s\n", rc < 0 ? d.msg : skip);
            return 1;
        }
        struct interactive_config ic = { st.qemu, st.accel, st.labnet, artdir, o.debug };
        rc = run_interactive(&s, profs, &ic);
        unload(&s, profs);
        return rc;
    }
    struct job *all;
    int nall = make_jobs(&o, nfiles, files, &all);
    int *sel = xcalloc((size_t)(nall ? nall : 1), sizeof *sel);
    if (o.shard_n) {
        const char **ids = xcalloc((size_t)(nall ? nall : 1), sizeof *ids);
        for (int i = 0; i < nall; i++)
            ids[i] = all[i].name;
        shard_select(ids, nall, o.shard_i, o.shard_n, sel);
        free(ids);
    } else {
        for (int i = 0; i < nall; i++)
            sel[i] = 1;
    }
    st.jobs = xcalloc((size_t)(nall ? nall : 1), sizeof *st.jobs);
    for (int i = 0; i < nall; i++)
        if (sel[i])
            st.jobs[st.n++] = all[i];
    if (mkdir_p(o.report) < 0) {
        fprintf(stderr, "labrun: cannot create %s: %s\n", o.report, strerror(errno));
        return 2;
    }
    st.tty = isatty(2);
    sb_init(&st.tap);
    char plan[64];
    snprintf(plan, sizeof plan, st.n ? "1..%d\n" : "1..0 # SKIP no scenario in this shard\n", st.n);
    fputs(plan, stdout);
    fflush(stdout);
    sb_adds(&st.tap, plan);
    double t0 = now_mono();
    schedule(&st);
    double total = now_mono() - t0;
    int failed = 0, passed = 0, skipped = 0;
    for (int i = 0; i < st.n; i++) {
        failed += st.jobs[i].status == OUT_FAIL;
        passed += st.jobs[i].status == OUT_PASS;
        skipped += st.jobs[i].status == OUT_SKIP;
    }
    char *p = xasprintf("%s/results.tap", o.report);
    write_file(p, st.tap.buf);
    free(p);
    if (o.tap_file)
        write_file(o.tap_file, st.tap.buf);
    p = o.junit ? xstrdup(o.junit) : xasprintf("%s/junit.xml", o.report);
    if (write_junit(p, st.jobs, st.n, total) < 0)
        fprintf(stderr, "labrun: cannot write %s\n", p);
    free(p);
    p = xasprintf("%s/report.html", o.report);
    if (write_html(p, o.report, st.jobs, st.n, total) < 0)
        fprintf(stderr, "labrun: cannot write %s\n", p);
    free(p);
    fprintf(stderr, "labrun: %d passed, %d failed, %d skipped in %.1f s; report in %s/report.html\n",
            passed, failed, skipped, total, o.report);
    if (interrupted)
        return 130;
    return failed ? 1 : 0;
}
