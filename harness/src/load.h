/* Reading a scenario file for one stack, with the profiles of its hosts. */
#ifndef HARNESS_LOAD_H
#define HARNESS_LOAD_H

#include "options.h"
#include "profile.h"
#include "scenario.h"

/* Parses file for stack (artdir gives ${ARTIFACTS}); then the profiles of
 * its hosts. Returns 0 (run it), 1 (skip: *skip says why), -1 (error in d). */
int load(const struct options *o, const char *file, const char *stack, const char *artdir,
         struct scenario *s, struct profile **profs, char **skip, struct diag *d);
void unload(struct scenario *s, struct profile *profs);

#endif
