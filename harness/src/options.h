/* labrun's command line. */
#ifndef HARNESS_OPTIONS_H
#define HARNESS_OPTIONS_H
#include <stdio.h>

#include "util.h"
#include "vars.h"

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

/* Parses argv (exits 2 on a bad option); optind is left at the first file. */
void parse_options(int argc, char **argv, struct options *o);
void usage(FILE *f);
/* p made absolute against the directory labrun started in (new string). */
char *abs_path(const char *p);
/* The directory labrun started in. */
const char *start_folder(void);
/* The command that reproduces a scenario interactively (new string). */
char *repro_command(const struct options *o, const char *stack, const char *file);

#endif
