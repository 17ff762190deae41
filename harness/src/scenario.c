#include "scenario.h"
#include "cescape.h"
#include "directive.h"
#include "lines.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const known_stacks[MAX_STACKS] = { "linux", "xen", "ours", "bare" };

struct pctx {
    struct dctx at;     /* file, line, the scenario's variables, diagnostics */
    struct scenario *s;
    int block_line;     /* line of the open `on` block, 0 outside one */
    int block_active;   /* the open block names the stack being parsed */
};

#define FAIL(c, ...) do { dctx_error(&(c)->at, __VA_ARGS__); goto fail; } while (0)

char *read_text_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    struct strbuf sb;
    char buf[4096];
    size_t n;
    sb_init(&sb);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_addn(&sb, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        sb_free(&sb);
        errno = EIO;
        return NULL;
    }
    return sb_steal(&sb);
}

const char *step_kind_name(enum step_kind k)
{
    static const char *const names[] = {
        "boot", "expect", "send", "run", "output", "no-output",
        "trace", "qmp", "link", "wait", "poweroff", "kill",
    };
    return names[k];
}

int scenario_has_stack(const struct scenario *s, const char *stack)
{
    for (int i = 0; i < s->nstacks; i++)
        if (strcmp(s->stacks[i], stack) == 0)
            return 1;
    return 0;
}

int scenario_host_index(const struct scenario *s, const char *name)
{
    for (int i = 0; i < s->nhosts; i++)
        if (strcmp(s->hosts[i].name, name) == 0)
            return i;
    return -1;
}

/* Expands raw (freeing it); NULL with the diagnostic set on error. */
static char *expand(struct pctx *c, char *raw)
{
    return dctx_expand(&c->at, raw);
}

/* The next word, expanded; what names the argument in the error. */
static char *need_word(struct pctx *c, struct cursor *cur, const char *what)
{
    char *w = cur_word(cur);
    if (!w) {
        dctx_error(&c->at, "missing %s", what);
        return NULL;
    }
    return expand(c, w);
}

static int parse_seconds(struct pctx *c, const char *w, double *out)
{
    char *end;
    double v = strtod(w, &end);
    if (end == w || *end || v < 0 || v > 1e6) {
        dctx_error(&c->at, "expected a number of seconds, got '%s'", w);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_int(struct pctx *c, const char *w, const char *what, long min, long max, long *out)
{
    char *end;
    long v = strtol(w, &end, 0);
    if (end == w || *end || v < min || v > max) {
        dctx_error(&c->at, "expected %s (%ld..%ld), got '%s'", what, min, max, w);
        return -1;
    }
    *out = v;
    return 0;
}

static int need_end(struct pctx *c, struct cursor *cur)
{
    if (cur_at_end(cur))
        return 0;
    dctx_error(&c->at, "unexpected text '%s'", cur->p);
    return -1;
}

static int parse_regex(struct pctx *c, struct cursor *cur, struct pattern *pt)
{
    return dctx_regex(&c->at, cur, NULL, pt);
}

static int parse_host_ref(struct pctx *c, struct cursor *cur, int *host)
{
    char *w = need_word(c, cur, "host name");
    if (!w)
        return -1;
    *host = scenario_host_index(c->s, w);
    if (*host < 0) {
        struct strbuf sb;
        sb_init(&sb);
        for (int i = 0; i < c->s->nhosts; i++)
            sb_addf(&sb, "%s%s", i ? ", " : "", c->s->hosts[i].name);
        dctx_error(&c->at, "unknown host '%s' (declared so far: %s)", w,
                 c->s->nhosts ? sb.buf : "none; declare it with a host line first");
        sb_free(&sb);
        free(w);
        return -1;
    }
    free(w);
    return 0;
}

static int parse_timeout_arg(struct pctx *c, struct cursor *cur, double *t)
{
    char *w = need_word(c, cur, "timeout in seconds");
    if (!w)
        return -1;
    int rc = parse_seconds(c, w, t);
    free(w);
    return rc;
}

static int parse_yes_no(struct pctx *c, const char *key, const char *val, int *out)
{
    if (strcmp(val, "yes") && strcmp(val, "no")) {
        dctx_error(&c->at, "%s= takes yes or no, got '%s'", key, val);
        return -1;
    }
    *out = !strcmp(val, "yes");
    return 0;
}

static int parse_host_key(struct pctx *c, struct scn_host *h, const char *kv)
{
    const char *eq = strchr(kv, '=');
    long v;
    if (!eq || eq == kv) {
        dctx_error(&c->at, "expected key=value after the host name, got '%s'", kv);
        return -1;
    }
    size_t kl = (size_t)(eq - kv);
    const char *val = eq + 1;
    if (kl == 7 && !strncmp(kv, "profile", kl)) {
        free(h->profile);
        h->profile = xstrdup(val);
    } else if (kl == 6 && !strncmp(kv, "memory", kl)) {
        if (parse_int(c, val, "memory in MiB", 16, 1 << 20, &v) < 0)
            return -1;
        h->memory = (int)v;
    } else if (kl == 4 && !strncmp(kv, "cpus", kl)) {
        if (parse_int(c, val, "a CPU count", 1, 256, &v) < 0)
            return -1;
        h->cpus = (int)v;
    } else if (kl == 3 && !strncmp(kv, "cpu", kl)) {
        free(h->cpu);
        h->cpu = xstrdup(val);
    } else if (kl == 3 && !strncmp(kv, "lan", kl)) {
        return parse_yes_no(c, "lan", val, &h->lan);
    } else if (kl == 6 && !strncmp(kv, "reboot", kl)) {
        return parse_yes_no(c, "reboot", val, &h->reboot);
    } else if (kl == 3 && !strncmp(kv, "mac", kl)) {
        unsigned b[6];
        char tail;
        if (sscanf(val, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
                   &tail) != 6 || strlen(val) != 17) {
            dctx_error(&c->at, "mac= takes aa:bb:cc:dd:ee:ff, got '%s'", val);
            return -1;
        }
        free(h->mac);
        h->mac = xstrdup(val);
    } else if (kl == 6 && !strncmp(kv, "append", kl)) {
        free(h->append);
        h->append = xstrdup(val);
    } else {
        dctx_error(&c->at,
                 "unknown host key '%.*s' (profile memory cpus cpu lan reboot mac append)", (int)kl, kv);
        return -1;
    }
    return 0;
}

static int valid_name(const char *s)
{
    if (!*s || strlen(s) > 32)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_'))
            return 0;
    return 1;
}

static int parse_host(struct pctx *c, struct cursor *cur)
{
    struct scenario *s = c->s;
    char *name = need_word(c, cur, "host name");
    if (!name)
        return -1;
    if (!valid_name(name) || scenario_host_index(s, name) >= 0) {
        dctx_error(&c->at, scenario_host_index(s, name) >= 0
                 ? "host '%s' declared twice" : "bad host name '%s' (letters, digits, - and _; at most 32)",
                 name);
        free(name);
        return -1;
    }
    s->hosts = xrealloc(s->hosts, (size_t)(s->nhosts + 1) * sizeof *s->hosts);
    struct scn_host *h = &s->hosts[s->nhosts++];
    memset(h, 0, sizeof *h);
    h->name = name;
    h->line = c->at.line;
    h->profile = xstrdup("dom0");
    h->lan = 1;
    char *w;
    while ((w = cur_word(cur))) {
        char *kv = expand(c, w);
        if (!kv)
            return -1;
        /* append= takes the rest of the line: kernel options have spaces. */
        if (!strncmp(kv, "append=", 7)) {
            char *rest = expand(c, cur_rest(cur));
            if (!rest) {
                free(kv);
                return -1;
            }
            char *all = *rest ? xasprintf("%s %s", kv, rest) : xstrdup(kv);
            free(rest);
            free(kv);
            kv = all;
        }
        int rc = parse_host_key(c, h, kv);
        free(kv);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int stack_known(const char *stack)
{
    for (int i = 0; i < MAX_STACKS; i++)
        if (!strcmp(stack, known_stacks[i]))
            return 1;
    return 0;
}

static int parse_stacks(struct pctx *c, struct cursor *cur)
{
    char *w;
    c->s->nstacks = 0;
    while ((w = cur_word(cur))) {
        char *st = expand(c, w);
        if (!st)
            return -1;
        int known = stack_known(st);
        if (!known || scenario_has_stack(c->s, st)) {
            dctx_error(&c->at, known ? "stack '%s' listed twice"
                     : "unknown stack '%s' (" STACK_NAMES ")", st);
            free(st);
            return -1;
        }
        c->s->stacks[c->s->nstacks++] = st;
    }
    if (c->s->nstacks == 0) {
        dctx_error(&c->at, "stacks needs at least one of " STACK_NAMES);
        return -1;
    }
    return 0;
}

static int parse_known_fault(struct pctx *c, struct cursor *cur)
{
    struct known_fault kf = { .line = c->at.line };
    kf.stack = need_word(c, cur, "stack (" STACK_NAMES ")");
    if (!kf.stack)
        return -1;
    if (!stack_known(kf.stack)) {
        dctx_error(&c->at, "unknown stack '%s' (" STACK_NAMES ")", kf.stack);
        goto fail;
    }
    if (parse_regex(c, cur, &kf.pat) < 0)
        goto fail;
    kf.reason = expand(c, cur_rest(cur));
    if (!kf.reason)
        goto fail;
    if (!kf.reason[0]) {
        dctx_error(&c->at, "known-fault needs a reason after the regex");
        goto fail;
    }
    c->s->faults = xrealloc(c->s->faults, (size_t)(c->s->nfaults + 1) * sizeof *c->s->faults);
    c->s->faults[c->s->nfaults++] = kf;
    return 0;
fail:
    free(kf.stack);
    pattern_free(&kf.pat);
    free(kf.reason);
    return -1;
}

const struct known_fault *scenario_known_fault(const struct scenario *s, const char *stack,
                                               const char *text)
{
    for (int i = 0; i < s->nfaults; i++) {
        const struct known_fault *kf = &s->faults[i];
        if (!strcmp(kf->stack, stack) && kf->pat.compiled && regexec(&kf->pat.re, text, 0, NULL, 0) == 0)
            return kf;
    }
    return NULL;
}

static int parse_define(struct pctx *c, struct cursor *cur)
{
    char *rest = cur_rest(cur);
    char *eq = strchr(rest, '=');
    if (!eq || !vars_name_ok(rest, (int)(eq - rest))) {
        dctx_error(&c->at, "expected define NAME=VALUE, got '%s'", rest);
        free(rest);
        return -1;
    }
    *eq = '\0';
    char *val = expand(c, xstrdup(eq + 1));
    if (val)
        vars_set(&c->s->vars, rest, val, VAR_SCENARIO);
    free(val);
    free(rest);
    return val ? 0 : -1;
}

/* poweroff's optional status=any: any end of QEMU by itself counts, an
 * abort or a signal too (a test that shows QEMU crashing). */
static int parse_poweroff_status(struct pctx *c, struct cursor *cur, struct step *st)
{
    char *w = cur_word(cur);
    if (!w)
        return 0;
    int ok = !strcmp(w, "status=any");
    if (ok)
        st->status_any = 1;
    else
        dctx_error(&c->at, "unexpected '%s' after poweroff's timeout (option: status=any)", w);
    free(w);
    return ok ? need_end(c, cur) : -1;
}

static int parse_run(struct pctx *c, struct cursor *cur, struct step *st)
{
    st->timeout = 60;
    for (;;) {
        char *w = cur_word(cur);
        if (!w) {
            dctx_error(&c->at, "run needs '-- <command>'");
            return -1;
        }
        if (!strcmp(w, "--")) {
            free(w);
            break;
        }
        char *e = expand(c, w);
        if (!e)
            return -1;
        int rc = 0;
        long v;
        if (!strncmp(e, "timeout=", 8)) {
            rc = parse_seconds(c, e + 8, &st->timeout);
        } else if (!strcmp(e, "status=any")) {
            st->status_any = 1;
        } else if (!strncmp(e, "status=", 7)) {
            rc = parse_int(c, e + 7, "an exit status", 0, 255, &v);
            st->status = (int)v;
        } else {
            dctx_error(&c->at,
                     "unexpected '%s' in run (options: timeout=N status=N|any, then -- command)", e);
            rc = -1;
        }
        free(e);
        if (rc < 0)
            return -1;
    }
    st->data = expand(c, cur_rest(cur));
    if (!st->data)
        return -1;
    if (!*st->data) {
        dctx_error(&c->at, "run has an empty command after --");
        return -1;
    }
    st->datalen = strlen(st->data);
    return 0;
}

static int parse_send(struct pctx *c, struct cursor *cur, struct step *st)
{
    const char *e = NULL;
    char *raw = cur_quoted(cur, &e);
    if (!raw) {
        dctx_error(&c->at, "%s", e);
        return -1;
    }
    char *txt = expand(c, raw);
    if (!txt)
        return -1;
    e = cescape_decode(txt, &st->data, &st->datalen);
    free(txt);
    if (e) {
        dctx_error(&c->at, "%s", e);
        return -1;
    }
    return need_end(c, cur);
}

static int parse_qmp(struct pctx *c, struct cursor *cur, struct step *st)
{
    st->data = need_word(c, cur, "QMP command");
    if (!st->data)
        return -1;
    char *args = expand(c, cur_rest(cur));
    if (!args)
        return -1;
    if (*args && args[0] != '{') {
        dctx_error(&c->at, "QMP arguments must be a JSON object {...}, got '%s'", args);
        free(args);
        return -1;
    }
    if (*args)
        st->args = args;
    else
        free(args);
    return 0;
}

static int parse_link(struct pctx *c, struct cursor *cur, struct step *st)
{
    char *w = need_word(c, cur, "up or down");
    if (!w)
        return -1;
    if (strcmp(w, "up") && strcmp(w, "down")) {
        dctx_error(&c->at, "link takes up or down, got '%s'", w);
        free(w);
        return -1;
    }
    st->up = !strcmp(w, "up");
    free(w);
    return need_end(c, cur);
}

/* Parses the arguments of one step after its keyword. */
static int parse_step_args(struct pctx *c, struct cursor *cur, struct step *st)
{
    st->host = -1;
    if (st->kind == STEP_WAIT) {
        if (parse_timeout_arg(c, cur, &st->timeout) < 0)
            return -1;
        return need_end(c, cur);
    }
    if (parse_host_ref(c, cur, &st->host) < 0)
        return -1;
    switch (st->kind) {
    case STEP_BOOT:
    case STEP_KILL:
        return need_end(c, cur);
    case STEP_EXPECT:
    case STEP_TRACE:
        if (parse_timeout_arg(c, cur, &st->timeout) < 0 || parse_regex(c, cur, &st->pat) < 0)
            return -1;
        return need_end(c, cur);
    case STEP_OUTPUT:
    case STEP_NO_OUTPUT:
        if (parse_regex(c, cur, &st->pat) < 0)
            return -1;
        return need_end(c, cur);
    case STEP_POWEROFF:
        if (parse_timeout_arg(c, cur, &st->timeout) < 0)
            return -1;
        return parse_poweroff_status(c, cur, st);
    case STEP_SEND:
        return parse_send(c, cur, st);
    case STEP_RUN:
        return parse_run(c, cur, st);
    case STEP_QMP:
        return parse_qmp(c, cur, st);
    case STEP_LINK:
        return parse_link(c, cur, st);
    case STEP_WAIT:
        break;
    }
    return 0;
}

static int step_kind_from(const char *w, enum step_kind *k)
{
    for (int i = STEP_BOOT; i <= STEP_KILL; i++) {
        if (!strcmp(w, step_kind_name((enum step_kind)i))) {
            *k = (enum step_kind)i;
            return 0;
        }
    }
    return -1;
}

static int parse_step(struct pctx *c, struct cursor *cur, enum step_kind kind, const char *text)
{
    struct scenario *s = c->s;
    s->steps = xrealloc(s->steps, (size_t)(s->nsteps + 1) * sizeof *s->steps);
    struct step *st = &s->steps[s->nsteps++];
    memset(st, 0, sizeof *st);
    st->kind = kind;
    st->line = c->at.line;
    const char *t = text;
    while (*t == ' ' || *t == '\t')
        t++;
    st->show = xstrdup(t);
    return parse_step_args(c, cur, st);
}

static int parse_header_text(struct pctx *c, struct cursor *cur, char **field)
{
    char *v = expand(c, cur_rest(cur));
    if (!v)
        return -1;
    free(*field);
    *field = v;
    return 0;
}

/* `on <stack>...` opens a block of directives for those stacks only; `end`
 * closes it. The file is parsed once per stack, so a block for another
 * stack is skipped here and checked when that stack's turn comes. */
static int parse_on(struct pctx *c, struct cursor *cur)
{
    const char *stack = vars_get(c->at.vars, "STACK");
    int n = 0, active = 0;
    if (c->block_line) {
        dctx_error(&c->at, "'on' blocks do not nest: the one from line %d has no 'end' yet",
                   c->block_line);
        return -1;
    }
    if (c->s->nstacks == 0) {
        dctx_error(&c->at, "'on' needs the 'stacks' line before it");
        return -1;
    }
    for (char *w; (w = cur_word(cur)) != NULL; n++) {
        int listed = scenario_has_stack(c->s, w);
        if (!listed)
            dctx_error(&c->at, stack_known(w) ? "stack '%s' is not in this scenario's 'stacks'"
                       : "unknown stack '%s' (" STACK_NAMES ")", w);
        active |= stack && !strcmp(w, stack);
        free(w);
        if (!listed)
            return -1;
    }
    if (n == 0) {
        dctx_error(&c->at, "'on' needs at least one stack");
        return -1;
    }
    c->block_line = c->at.line;
    c->block_active = active;
    return 0;
}

static int expected_id(const char *file, char *out, size_t n)
{
    const char *b = strrchr(file, '/');
    b = b ? b + 1 : file;
    size_t len = strlen(b);
    if (len > 4 && !strcmp(b + len - 4, ".scn"))
        len -= 4;
    snprintf(out, n, "%.*s", (int)len, b);
    return 0;
}

static int parse_line(struct pctx *c, const char *text, int first)
{
    struct scenario *s = c->s;
    struct cursor cur = { text };
    char *kw = cur_word(&cur);
    enum step_kind kind;
    int rc = -1;
    if (first != !strcmp(kw, "scenario")) {
        dctx_error(&c->at, first ? "the first directive must be 'scenario <id>', got '%s'"
                 : "'%s' may appear only once, as the first directive", kw);
        free(kw);
        return -1;
    }
    if (!strcmp(kw, "end")) {
        if (!c->block_line)
            dctx_error(&c->at, "'end' without an 'on' block");
        else
            rc = need_end(c, &cur);
        c->block_line = 0;
        free(kw);
        return rc;
    }
    if (!strcmp(kw, "on")) {
        rc = parse_on(c, &cur);
        free(kw);
        return rc;
    }
    if (c->block_line && !strcmp(kw, "stacks")) {
        dctx_error(&c->at, "'stacks' cannot be inside an 'on' block");
        free(kw);
        return -1;
    }
    if (c->block_line && !c->block_active) {
        free(kw);
        return 0;
    }
    if (!strcmp(kw, "scenario")) {
        char want[256];
        expected_id(c->at.file, want, sizeof want);
        s->id = need_word(c, &cur, "scenario id");
        if (s->id && strcmp(s->id, want))
            dctx_error(&c->at, "scenario id '%s' must equal the file name '%s'", s->id, want);
        else if (s->id)
            rc = need_end(c, &cur);
    } else if (!strcmp(kw, "title")) {
        rc = parse_header_text(c, &cur, &s->title);
    } else if (!strcmp(kw, "guide")) {
        rc = parse_header_text(c, &cur, &s->guide);
    } else if (!strcmp(kw, "stacks")) {
        rc = parse_stacks(c, &cur);
    } else if (!strcmp(kw, "timeout")) {
        rc = parse_timeout_arg(c, &cur, &s->timeout);
        if (rc == 0)
            rc = need_end(c, &cur);
    } else if (!strcmp(kw, "exclusive")) {
        s->exclusive = 1;
        rc = need_end(c, &cur);
    } else if (!strcmp(kw, "host")) {
        rc = parse_host(c, &cur);
    } else if (!strcmp(kw, "define")) {
        rc = parse_define(c, &cur);
    } else if (!strcmp(kw, "known-fault")) {
        rc = parse_known_fault(c, &cur);
    } else if (step_kind_from(kw, &kind) == 0) {
        rc = parse_step(c, &cur, kind, text);
    } else {
        dctx_error(&c->at, "unknown directive '%s'", kw);
    }
    free(kw);
    return rc;
}

int scenario_parse(const char *text, const char *file, const struct vars *base,
                   struct scenario *s, struct diag *d)
{
    struct lines ls;
    struct pctx c = { { file, 0, &s->vars, d }, s, 0, 0 };
    memset(s, 0, sizeof *s);
    s->file = xstrdup(file);
    s->timeout = 600;
    vars_copy(&s->vars, base);
    lines_split(text, &ls);
    if (ls.n == 0) {
        diag_set(d, file, 1, "empty scenario: expected 'scenario <id>'");
        goto fail;
    }
    for (int i = 0; i < ls.n; i++) {
        c.at.line = ls.l[i].lineno;
        if (parse_line(&c, ls.l[i].text, i == 0) < 0)
            goto fail;
    }
    c.at.line = ls.l[ls.n - 1].lineno;
    if (c.block_line)
        FAIL(&c, "the 'on' block from line %d has no 'end'", c.block_line);
    if (s->nstacks == 0)
        FAIL(&c, "no 'stacks' line: name the stacks it runs on (" STACK_NAMES ")");
    lines_free(&ls);
    return 0;
fail:
    lines_free(&ls);
    return -1;
}

static void step_free(struct step *st)
{
    free(st->show);
    pattern_free(&st->pat);
    free(st->data);
    free(st->args);
}

void scenario_free(struct scenario *s)
{
    free(s->file);
    free(s->id);
    free(s->title);
    free(s->guide);
    for (int i = 0; i < s->nstacks; i++)
        free(s->stacks[i]);
    for (int i = 0; i < s->nhosts; i++) {
        struct scn_host *h = &s->hosts[i];
        free(h->name);
        free(h->profile);
        free(h->cpu);
        free(h->mac);
        free(h->append);
    }
    free(s->hosts);
    for (int i = 0; i < s->nsteps; i++)
        step_free(&s->steps[i]);
    free(s->steps);
    for (int i = 0; i < s->nfaults; i++) {
        free(s->faults[i].stack);
        pattern_free(&s->faults[i].pat);
        free(s->faults[i].reason);
    }
    free(s->faults);
    vars_free(&s->vars);
    memset(s, 0, sizeof *s);
}
