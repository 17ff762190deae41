#include "load.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void base_vars(const struct options *o, const char *file, const char *stack,
                      const char *artdir, struct vars *vs)
{
    vars_copy(vs, &o->defines);
    vars_set(vs, "FIXTURES", o->fixtures, VAR_BUILTIN);
    vars_set(vs, "BUILD", o->build, VAR_BUILTIN);
    vars_set(vs, "STACK", stack, VAR_BUILTIN);
    vars_set(vs, "ARTIFACTS", artdir, VAR_BUILTIN);
    const char *b = strrchr(file, '/');
    b = b ? b + 1 : file;
    char *id = xstrdup(b);
    size_t l = strlen(id);
    if (l > 4 && !strcmp(id + l - 4, ".scn"))
        id[l - 4] = '\0';
    vars_set(vs, "SCENARIO", id, VAR_BUILTIN);
    free(id);
}

static char *profile_path(const char *file, const char *stack, const char *profile)
{
    const char *slash = strrchr(file, '/');
    if (!slash)
        return xasprintf("profiles/%s-%s.profile", stack, profile);
    return xasprintf("%.*s/profiles/%s-%s.profile", (int)(slash - file), file, stack, profile);
}

int load(const struct options *o, const char *file, const char *stack, const char *artdir,
                struct scenario *s, struct profile **profs, char **skip, struct diag *d)
{
    struct vars vs;
    /* Runners work in their artifact folder: read through absolute paths,
     * report the paths as the user wrote them. */
    char *real = abs_path(file);
    char *text = read_text_file(real);
    *profs = NULL;
    *skip = NULL;
    if (!text) {
        diag_set(d, file, 0, "cannot read: %s", strerror(errno));
        memset(s, 0, sizeof *s);
        free(real);
        return -1;
    }
    base_vars(o, file, stack, artdir, &vs);
    int rc = scenario_parse(text, file, &vs, s, d);
    free(text);
    vars_free(&vs);
    if (rc < 0)
        return -1;
    *profs = xcalloc((size_t)(s->nhosts ? s->nhosts : 1), sizeof **profs);
    for (int i = 0; i < s->nhosts && rc == 0; i++) {
        char *path = profile_path(file, stack, s->hosts[i].profile);
        char *rpath = profile_path(real, stack, s->hosts[i].profile);
        char *ptext = read_text_file(rpath);
        free(rpath);
        if (!ptext) {
            if (!*skip)
                *skip = xasprintf("no profile %s: stack %s cannot boot host %s (profile=%s) yet",
                                  path, stack, s->hosts[i].name, s->hosts[i].profile);
            free(path);
            continue;
        }
        struct vars pv;
        vars_copy(&pv, &s->vars);
        vars_set(&pv, "HOST", s->hosts[i].name, VAR_CONTEXT);
        if (profile_parse(ptext, path, &pv, &(*profs)[i], d) < 0)
            rc = -1;
        vars_free(&pv);
        free(ptext);
        free(path);
    }
    free(real);
    return rc < 0 ? -1 : *skip ? 1 : 0;
}

void unload(struct scenario *s, struct profile *profs)
{
    if (profs)
        for (int i = 0; i < s->nhosts; i++)
            profile_free(&profs[i]);
    free(profs);
    scenario_free(s);
}
