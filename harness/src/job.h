/* One scenario@stack of a labrun invocation and its result. */
#ifndef HARNESS_JOB_H
#define HARNESS_JOB_H
#include <sys/types.h>

#include "runner.h"

enum job_state { JOB_PENDING, JOB_RUNNING, JOB_DONE };

struct job {
    char *file;         /* scenario file as given */
    char *id, *stack;   /* stack "?" when the file did not parse */
    char *name;         /* id@stack */
    char *title;
    char *artdir;       /* artifact folder (absolute) */
    enum job_state state;
    int exclusive;      /* the scenario says `exclusive`: nothing else runs with it */
    enum outcome status;
    double duration;
    char *summary;      /* one line; the skip reason for skips */
    char *message;      /* full failure message */
    char *note;         /* why it was run twice (rerun.h), or NULL */
    pid_t pid;
    int prog_fd;
    char progress[160];
    double started;
};

#endif
