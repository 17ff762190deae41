/* S-expressions as xend writes them (xend-config.sxp, domain records):
 * "(name value ...)" lists of atoms and lists; atoms bare or quoted with
 * '..' or ".." (backslash escapes \\ \' \" \n \t \r \xNN); '#' comments to
 * the end of the line. */
#ifndef SXP_H
#define SXP_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg_diag.h"

enum sxp_kind { SXP_ATOM, SXP_LIST };

struct sxp {
    enum sxp_kind kind;
    unsigned line;
    char *atom;            /* SXP_ATOM */
    bool quoted;           /* written in quotes */
    struct sxp *items;     /* SXP_LIST */
    size_t n;
};

#define SXP_MAX_DEPTH 64

/* Parses a whole text into doc, a list of the top-level expressions.
 * Returns 0, or -1 after reporting the first syntax error with file:line
 * (doc then holds what came before it). */
int sxp_parse(const char *text, size_t len, const char *file,
              struct sxp *doc, struct cfg_diags *diags);
void sxp_free(struct sxp *x);

/* The name of a list: its first item when that is an atom, else NULL. */
const char *sxp_name(const struct sxp *x);
/* First child list of x called name, or NULL (xend's sxp.child). */
const struct sxp *sxp_child(const struct sxp *x, const char *name);
/* The atom after name in that child, or dflt. */
const char *sxp_child_value(const struct sxp *x, const char *name,
                            const char *dflt);

/* Building trees (for xend's records and xm's dry run). Each returns
 * false on out of memory; pushed items belong to the list afterwards. */
bool sxp_list_new(struct sxp *x, const char *name);   /* "(name)", or "()" */
bool sxp_push_atom(struct sxp *list, const char *atom);
bool sxp_push_list(struct sxp *list, struct sxp *item);   /* moves item */
bool sxp_push_pair(struct sxp *list, const char *key, const char *value);
bool sxp_push_int(struct sxp *list, const char *key, long long value);

/* Text that sxp_parse reads back to the same tree; malloc'd. A list is
 * written on one line; doc_form writes each item of a top-level list on
 * its own line instead. */
char *sxp_format(const struct sxp *x, bool doc_form);

#endif
