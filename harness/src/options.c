#include "options.h"
#include "scenario.h"
#include "shard.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void usage(FILE *f)
{
    fputs("usage: labrun [options] FILE.scn...\n"
          "  --stack STACK            run only on this stack: " STACK_NAMES " (others: SKIP)\n"
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
          "environment: BUILD (build tree), LABRUN_QEMU (QEMU binary; default $BUILD/qemu/qemu-system-x86_64 if built, else from PATH), LABNET (labnet binary)\n", f);
}

static char start_dir[PATH_MAX];

/* p made absolute against the directory labrun started in. */
char *abs_path(const char *p)
{
    if (p[0] == '/')
        return xstrdup(p);
    if (!start_dir[0] && !getcwd(start_dir, sizeof start_dir))
        return xstrdup(p);
    return xasprintf("%s/%s", start_dir, p);
}

const char *start_folder(void)
{
    free(abs_path("."));
    return start_dir;
}

void parse_options(int argc, char **argv, struct options *o)
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
            if (!stack_known(optarg)) {
                fprintf(stderr, "labrun: --stack takes " STACK_NAMES ", not '%s'\n", optarg);
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

char *repro_command(const struct options *o, const char *stack, const char *file)
{
    return xasprintf("%s --interactive --stack %s%s%s%s %s", o->argv0, stack,
                     o->fixtures_given ? " --fixtures " : "", o->fixtures_given ? o->fixtures : "",
                     o->define_args.buf, file);
}
