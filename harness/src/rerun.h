/* One more run of a scenario whose failure shows a known fault of its stack
 * (`known-fault` in docs/scenario-format.md). */
#ifndef HARNESS_RERUN_H
#define HARNESS_RERUN_H

#include "runner.h"

/* Runs s like run_scenario in the current directory (its artifact folder).
 * When that run fails and a host's console log matches one of s's known
 * faults for cfg->stack, its artifacts move to attempt-1/ and s runs once
 * more; the second run's outcome counts. *note then says why (else NULL). */
void run_scenario_rerun(const struct scenario *s, struct profile *profiles,
                        const struct run_config *cfg, struct run_outcome *out, char **note);

#endif
