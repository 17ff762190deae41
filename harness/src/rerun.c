#include "rerun.h"
#include "matcher.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FIRST_DIR "attempt-1"

/* Searches each host's console log as steps see the console: cleaned of
 * \r and terminal escape sequences (matcher.h). */
static const struct known_fault *fault_on_console(const struct scenario *s, const char *stack)
{
    for (int i = 0; i < s->nhosts; i++) {
        char *path = xasprintf("%s.serial.log", s->hosts[i].name);
        char *raw = read_text_file(path);
        free(path);
        if (!raw)
            continue;
        struct matcher m;
        matcher_init(&m);
        matcher_feed(&m, raw, strlen(raw));
        free(raw);
        const struct known_fault *kf = scenario_known_fault(s, stack, m.text.buf);
        matcher_free(&m);
        if (kf)
            return kf;
    }
    return NULL;
}

/* Everything the first run left, except the reproduction script, goes to
 * FIRST_DIR so that the second run starts from an empty folder. */
static int keep_first_run(void)
{
    if (mkdir(FIRST_DIR, 0755) < 0)
        return -1;
    DIR *d = opendir(".");
    if (!d)
        return -1;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, FIRST_DIR) || !strcmp(n, "repro.sh"))
            continue;
        char *to = xasprintf(FIRST_DIR "/%s", n);
        if (rename(n, to) < 0)
            rc = -1;
        free(to);
    }
    closedir(d);
    return rc;
}

void run_scenario_rerun(const struct scenario *s, struct profile *profiles,
                        const struct run_config *cfg, struct run_outcome *out, char **note)
{
    *note = NULL;
    run_scenario(s, profiles, cfg, out);
    if (out->status != OUT_FAIL || runner_interrupted)
        return;
    const struct known_fault *kf = fault_on_console(s, cfg->stack);
    if (!kf || keep_first_run() < 0)
        return;
    char *first = pattern_show(&kf->pat);
    *note = xasprintf("the first run failed (%s) on a known fault of stack %s, %s (%s:%d: %s); "
                      "it was run again; the first run's artifacts are in " FIRST_DIR "/\n"
                      "first run: %s",
                      out->summary, cfg->stack, first, s->file, kf->line, kf->reason,
                      out->message ? out->message : "\n");
    free(first);
    double spent = out->duration;
    free(out->summary);
    free(out->message);
    run_scenario(s, profiles, cfg, out);
    out->duration += spent;
    char *sum = xasprintf("%s (second run after a known fault of stack %s)", out->summary, cfg->stack);
    free(out->summary);
    out->summary = sum;
}
