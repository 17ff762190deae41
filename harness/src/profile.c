#include "profile.h"
#include "directive.h"
#include "lines.h"

#include <stdlib.h>
#include <string.h>

/* The whole rest of the line, expanded; must not be empty. */
static char *need_rest(struct dctx *c, struct cursor *cur, const char *kw)
{
    char *v = dctx_expand(c, cur_rest(cur));
    if (v && !*v) {
        dctx_error(c, "%s needs a value", kw);
        free(v);
        return NULL;
    }
    return v;
}

static int set_once(struct dctx *c, char **field, char *v, const char *kw)
{
    if (!v)
        return -1;
    if (*field) {
        dctx_error(c, "'%s' given twice", kw);
        free(v);
        return -1;
    }
    *field = v;
    return 0;
}

static int set_int(struct dctx *c, int *field, struct cursor *cur, const char *kw, long min, long max)
{
    char *v = need_rest(c, cur, kw), *end;
    if (!v)
        return -1;
    long n = strtol(v, &end, 0);
    if (*end || n < min || n > max) {
        dctx_error(c, "%s takes a number %ld..%ld, got '%s'", kw, min, max, v);
        free(v);
        return -1;
    }
    free(v);
    *field = (int)n;
    return 0;
}

static int parse_pattern(struct dctx *c, struct cursor *cur, struct pattern *pt, const char *kw)
{
    if (pt->compiled) {
        dctx_error(c, "'%s' given twice", kw);
        return -1;
    }
    if (dctx_regex(c, cur, kw, pt) < 0)
        return -1;
    if (!cur_at_end(cur)) {
        dctx_error(c, "unexpected text after the regex: '%s'", cur->p);
        return -1;
    }
    return 0;
}

static int parse_ready(struct dctx *c, struct cursor *cur, struct profile *p)
{
    char *w = cur_word(cur), *end;
    if (!w) {
        dctx_error(c, "ready needs '<timeout> /regex/'");
        return -1;
    }
    w = dctx_expand(c, w);
    if (!w)
        return -1;
    double t = strtod(w, &end);
    int bad = end == w || *end || t <= 0;
    if (bad)
        dctx_error(c, "ready needs a timeout in seconds first, got '%s'", w);
    free(w);
    if (bad || parse_pattern(c, cur, &p->ready, "ready") < 0)
        return -1;
    p->ready_timeout = t;
    return 0;
}

static int parse_module(struct dctx *c, struct cursor *cur, struct profile *p)
{
    char *v = need_rest(c, cur, "module");
    if (!v)
        return -1;
    char *sp = strpbrk(v, " \t");
    p->mods = xrealloc(p->mods, (size_t)(p->nmods + 1) * sizeof *p->mods);
    struct module *m = &p->mods[p->nmods++];
    m->path = sp ? xstrndup(v, (size_t)(sp - v)) : xstrdup(v);
    while (sp && (*sp == ' ' || *sp == '\t'))
        sp++;
    m->args = xstrdup(sp ? sp : "");
    free(v);
    return 0;
}

static int add_list(struct dctx *c, struct cursor *cur, char ***list, int *n, const char *kw)
{
    char *v = need_rest(c, cur, kw);
    if (!v)
        return -1;
    *list = xrealloc(*list, (size_t)(*n + 1) * sizeof **list);
    (*list)[(*n)++] = v;
    return 0;
}

static int parse_line(struct dctx *c, struct cursor *cur, struct profile *p)
{
    char *kw = cur_word(cur);
    int rc;
    if (!strcmp(kw, "kernel")) rc = set_once(c, &p->kernel, need_rest(c, cur, kw), kw);
    else if (!strcmp(kw, "append")) rc = set_once(c, &p->append, dctx_expand(c, cur_rest(cur)), kw);
    else if (!strcmp(kw, "initrd")) rc = set_once(c, &p->initrd, need_rest(c, cur, kw), kw);
    else if (!strcmp(kw, "machine")) rc = set_once(c, &p->machine, need_rest(c, cur, kw), kw);
    else if (!strcmp(kw, "cpu")) rc = set_once(c, &p->cpu, need_rest(c, cur, kw), kw);
    else if (!strcmp(kw, "tcg")) rc = set_once(c, &p->tcg, need_rest(c, cur, kw), kw);
    else if (!strcmp(kw, "nic")) rc = set_once(c, &p->nic, need_rest(c, cur, kw), kw);
    else if (!strcmp(kw, "symbols")) rc = set_once(c, &p->symbols, need_rest(c, cur, kw), kw);
    else if (!strcmp(kw, "module")) rc = parse_module(c, cur, p);
    else if (!strcmp(kw, "drive")) rc = add_list(c, cur, &p->drives, &p->ndrives, kw);
    else if (!strcmp(kw, "device")) rc = add_list(c, cur, &p->devices, &p->ndevices, kw);
    else if (!strcmp(kw, "global")) rc = add_list(c, cur, &p->globals, &p->nglobals, kw);
    else if (!strcmp(kw, "memory")) rc = set_int(c, &p->memory, cur, kw, 16, 1 << 20);
    else if (!strcmp(kw, "cpus")) rc = set_int(c, &p->cpus, cur, kw, 1, 256);
    else if (!strcmp(kw, "trace")) rc = set_int(c, &p->trace_port, cur, kw, 0, 0xffff);
    else if (!strcmp(kw, "ready")) rc = parse_ready(c, cur, p);
    else if (!strcmp(kw, "prompt")) rc = parse_pattern(c, cur, &p->prompt, kw);
    else {
        dctx_error(c,
                 "unknown profile directive '%s' (kernel append module initrd drive machine device "
                 "global cpu tcg memory cpus trace nic symbols ready prompt)", kw);
        rc = -1;
    }
    free(kw);
    return rc;
}

int profile_parse(const char *text, const char *file, const struct vars *vars,
                  struct profile *p, struct diag *d)
{
    struct lines ls;
    struct dctx c = { file, 0, vars, d };
    int rc = 0;
    memset(p, 0, sizeof *p);
    p->file = xstrdup(file);
    p->trace_port = -1;
    lines_split(text, &ls);
    for (int i = 0; i < ls.n && rc == 0; i++) {
        struct cursor cur = { ls.l[i].text };
        c.line = ls.l[i].lineno;
        rc = parse_line(&c, &cur, p);
    }
    /* Without a kernel the firmware boots the first drive (a GRUB image, say). */
    if (rc == 0 && !p->kernel && (p->append || p->initrd || p->nmods || !p->ndrives)) {
        diag_set(d, file, ls.n ? ls.l[ls.n - 1].lineno : 1,
                 p->ndrives ? "'append', 'initrd' and 'module' need a 'kernel' line"
                            : "profile has no 'kernel' line (nor a 'drive' for the firmware to boot)");
        rc = -1;
    }
    if (rc == 0 && p->initrd && p->nmods) {
        diag_set(d, file, ls.n ? ls.l[ls.n - 1].lineno : 1,
                 "profile has both 'initrd' and 'module': choose one (Linux initrd or multiboot modules)");
        rc = -1;
    }
    lines_free(&ls);
    return rc;
}

void profile_free(struct profile *p)
{
    free(p->file);
    free(p->kernel);
    free(p->append);
    free(p->initrd);
    free(p->machine);
    free(p->tcg);
    free(p->cpu);
    free(p->nic);
    free(p->symbols);
    for (int i = 0; i < p->nmods; i++) {
        free(p->mods[i].path);
        free(p->mods[i].args);
    }
    free(p->mods);
    for (int i = 0; i < p->ndrives; i++)
        free(p->drives[i]);
    free(p->drives);
    for (int i = 0; i < p->ndevices; i++)
        free(p->devices[i]);
    free(p->devices);
    for (int i = 0; i < p->nglobals; i++)
        free(p->globals[i]);
    free(p->globals);
    pattern_free(&p->ready);
    pattern_free(&p->prompt);
    memset(p, 0, sizeof *p);
}
