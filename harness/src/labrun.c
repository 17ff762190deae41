/* labrun: runs scenario files on stacks and reports TAP, JUnit and HTML.
 * Each scenario@stack runs in a forked child with its own event loop; the
 * parent schedules them (-j), shows progress and writes the reports. */
#include "accel.h"
#include "interactive.h"
#include "load.h"
#include "options.h"
#include "report.h"
#include "schedule.h"
#include "shard.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Two jobs with one name would share (and wipe) one artifact folder. */
static int job_exists(const struct job *jobs, int n, const char *id, const char *stack)
{
    for (int k = 0; k < n; k++)
        if (!strcmp(jobs[k].id, id) && !strcmp(jobs[k].stack, stack))
            return 1;
    return 0;
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
            if (job_exists(jobs, n, s.id, stacks[i])) {
                fprintf(stderr, "labrun: %s@%s given twice; running it once\n", s.id, stacks[i]);
                continue;
            }
            jobs = xrealloc(jobs, (size_t)(n + 1) * sizeof *jobs);
            struct job *j = memset(&jobs[n++], 0, sizeof *jobs);
            j->file = xstrdup(files[f]);
            j->id = xstrdup(s.id);
            j->stack = xstrdup(stacks[i]);
            j->name = xasprintf("%s@%s", s.id, stacks[i]);
            j->title = xstrdup(s.title ? s.title : "");
            j->artdir = xasprintf("%s/%s", o->report, j->name);
            j->exclusive = s.exclusive;
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

/* path relative to the folder of this binary ($BUILD/harness), or NULL. */
static char *beside_exe(const char *rel, char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    size_t dir = slash ? (size_t)(slash + 1 - buf) : 0;
    if (dir + strlen(rel) + 1 > size)
        return NULL;
    strcpy(buf + dir, rel);
    return buf;
}

static const char *labnet_path(void)
{
    static char buf[PATH_MAX];
    const char *env = getenv("LABNET");
    if (env && *env)
        return env;
    const char *p = beside_exe("labnet", buf, sizeof buf);
    return p ? p : "labnet";
}

/* LABRUN_QEMU, else the project's patched build (qemu/README.md) when
 * `make` has made it, else the system's. */
static const char *qemu_path(void)
{
    static char buf[PATH_MAX];
    const char *env = getenv("LABRUN_QEMU");
    if (env && *env)
        return env;
    const char *p = beside_exe("../qemu/qemu-system-x86_64", buf, sizeof buf);
    return p && access(p, X_OK) == 0 ? p : "qemu-system-x86_64";
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

/* --interactive: the first file's hosts, this terminal on the first console. */
static int interactive_main(const struct options *o, const char *file, const struct run_state *st)
{
    struct scenario s;
    struct profile *profs;
    struct diag d;
    char *skip;
    if (!o->only_stack) {
        fprintf(stderr, "labrun: --interactive needs --stack\n");
        return 2;
    }
    char *artdir = xasprintf("%s/interactive", o->report);
    rm_tree(artdir);
    mkdir_p(artdir);
    int rc = load(o, file, o->only_stack, artdir, &s, &profs, &skip, &d);
    if (rc != 0) {
        fprintf(stderr, "labrun: %s\n", rc < 0 ? d.msg : skip);
        return 1;
    }
    struct interactive_config ic = { st->qemu, st->accel, st->labnet, artdir, o->debug };
    rc = run_interactive(&s, profs, &ic);
    unload(&s, profs);
    free(artdir);
    return rc;
}

/* The jobs of this shard (all of them without --shard). */
static void select_jobs(const struct options *o, struct job *all, int nall, struct run_state *st)
{
    int *sel = xcalloc((size_t)(nall ? nall : 1), sizeof *sel);
    const char **ids = xcalloc((size_t)(nall ? nall : 1), sizeof *ids);
    for (int i = 0; i < nall; i++) {
        ids[i] = all[i].name;
        sel[i] = 1;
    }
    if (o->shard_n)
        shard_select(ids, nall, o->shard_i, o->shard_n, sel);
    st->jobs = xcalloc((size_t)(nall ? nall : 1), sizeof *st->jobs);
    for (int i = 0; i < nall; i++)
        if (sel[i])
            st->jobs[st->n++] = all[i];
    free(ids);
    free(sel);
}

static void write_reports(const struct options *o, struct run_state *st, double total)
{
    char *p = xasprintf("%s/results.tap", o->report);
    write_file(p, st->tap.buf);
    free(p);
    if (o->tap_file)
        write_file(o->tap_file, st->tap.buf);
    p = o->junit ? xstrdup(o->junit) : xasprintf("%s/junit.xml", o->report);
    if (write_junit(p, st->jobs, st->n, total) < 0)
        fprintf(stderr, "labrun: cannot write %s\n", p);
    free(p);
    p = xasprintf("%s/report.html", o->report);
    if (write_html(p, o->report, st->jobs, st->n, total) < 0)
        fprintf(stderr, "labrun: cannot write %s\n", p);
    free(p);
}

static int batch_main(const struct options *o, int nfiles, char **files, struct run_state *st)
{
    struct job *all;
    int nall = make_jobs(o, nfiles, files, &all);
    select_jobs(o, all, nall, st);
    if (mkdir_p(o->report) < 0) {
        fprintf(stderr, "labrun: cannot create %s: %s\n", o->report, strerror(errno));
        return 2;
    }
    st->tty = isatty(2);
    sb_init(&st->tap);
    char plan[64];
    snprintf(plan, sizeof plan, st->n ? "1..%d\n" : "1..0 # SKIP no scenario in this shard\n", st->n);
    fputs(plan, stdout);
    fflush(stdout);
    sb_adds(&st->tap, plan);
    double t0 = now_mono();
    schedule(st);
    double total = now_mono() - t0;
    int failed = 0, passed = 0, skipped = 0, reruns = 0;
    for (int i = 0; i < st->n; i++) {
        failed += st->jobs[i].status == OUT_FAIL;
        passed += st->jobs[i].status == OUT_PASS;
        skipped += st->jobs[i].status == OUT_SKIP;
        reruns += st->jobs[i].note != NULL;
    }
    write_reports(o, st, total);
    /* Reruns on a known fault are counted, never hidden: a flake shows. */
    fprintf(stderr, "labrun: %d passed, %d failed, %d skipped, %d run again on a known fault in %.1f s; "
            "report in %s/report.html\n", passed, failed, skipped, reruns, total, o->report);
    if (labrun_interrupted)
        return 130;
    return failed ? 1 : 0;
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
    st.qemu = qemu_path();
    st.labnet = labnet_path();
    st.accel = accel_pick(o.accel);
    install_signals();
    if (o.interactive)
        return interactive_main(&o, files[0], &st);
    return batch_main(&o, nfiles, files, &st);
}
