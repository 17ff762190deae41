/* The reports of a labrun invocation: junit.xml and report.html. */
#ifndef HARNESS_REPORT_H
#define HARNESS_REPORT_H

#include "job.h"

int write_junit(const char *path, struct job *jobs, int n, double total);
/* report_dir: where report.html goes (links are relative to it). */
int write_html(const char *path, const char *report_dir, struct job *jobs, int n, double total);

#endif
