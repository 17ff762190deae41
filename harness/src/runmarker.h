/* `run` steps: the line typed on the guest shell and how its output and
 * exit status are found in the console text. The marker's typed form
 * ("@@LR%s:%d@@" nonce $?) differs from its printed form
 * ("@@LR<nonce>:<status>@@"), so the echo of the command never matches. */
#ifndef HARNESS_RUNMARKER_H
#define HARNESS_RUNMARKER_H
#include <stddef.h>

/* The line to type (new string, ending in "\n"). */
char *runmarker_command(const char *cmd, const char *nonce);

struct run_result {
    size_t out_start, out_end; /* the command's output in text */
    size_t end;                /* just after the marker */
    int status;
};

/* Looks for the printed marker in text[0..len). Returns 1 when found. */
int runmarker_find(const char *text, size_t len, const char *nonce, struct run_result *r);

#endif
