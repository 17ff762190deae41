/* labrun --interactive [--debug]: boot a scenario's hosts and hand the
 * terminal to the first one's serial console (or to gdb). */
#ifndef HARNESS_INTERACTIVE_H
#define HARNESS_INTERACTIVE_H

#include "profile.h"
#include "scenario.h"

struct interactive_config {
    const char *qemu, *accel, *labnet;
    const char *artdir;
    int debug;
};

/* Returns the exit status for labrun. */
int run_interactive(const struct scenario *s, struct profile *profiles, const struct interactive_config *ic);

#endif
