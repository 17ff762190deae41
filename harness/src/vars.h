/* Variables for ${NAME} and ${NAME:-default} expansion. A value set with a
 * higher priority is never replaced by one with a lower priority, so a
 * --define on the command line wins over a scenario's define. */
#ifndef HARNESS_VARS_H
#define HARNESS_VARS_H

enum var_prio { VAR_BUILTIN = 0, VAR_SCENARIO = 1, VAR_CONTEXT = 2, VAR_CMDLINE = 3 };

struct var {
    char *name, *value;
    int prio;
};

struct vars {
    struct var *v;
    int n, cap;
};

void vars_init(struct vars *vs);
void vars_free(struct vars *vs);
void vars_copy(struct vars *dst, const struct vars *src);
void vars_set(struct vars *vs, const char *name, const char *value, int prio);
const char *vars_get(const struct vars *vs, const char *name);
/* True when s is a valid variable name. */
int vars_name_ok(const char *s, int len);

/* Expands src. Returns a new string, or NULL with *err set to a message
 * (static or in errbuf). */
char *vars_expand(const struct vars *vs, const char *src, char *errbuf, int errlen);

#endif
