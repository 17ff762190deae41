/* Building S-expression trees in code. */
#define _POSIX_C_SOURCE 200809L
#include "cfg_grow.h"
#include "sxp.h"

#include <stdio.h>
#include <string.h>

bool sxp_list_new(struct sxp *x, const char *name)
{
    memset(x, 0, sizeof(*x));
    x->kind = SXP_LIST;
    return !name || sxp_push_atom(x, name);
}

static bool push(struct sxp *list, struct sxp *item)
{
    if (!cfg_grow(&list->items, list->n, sizeof(*list->items)))
        return false;
    list->items[list->n++] = *item;
    memset(item, 0, sizeof(*item));
    return true;
}

bool sxp_push_atom(struct sxp *list, const char *atom)
{
    struct sxp a = { .kind = SXP_ATOM, .atom = strdup(atom) };
    if (a.atom && push(list, &a))
        return true;
    free(a.atom);
    return false;
}

bool sxp_push_list(struct sxp *list, struct sxp *item)
{
    if (push(list, item))
        return true;
    sxp_free(item);
    return false;
}

bool sxp_push_pair(struct sxp *list, const char *key, const char *value)
{
    struct sxp pair;
    if (!sxp_list_new(&pair, key) || !sxp_push_atom(&pair, value)) {
        sxp_free(&pair);
        return false;
    }
    return sxp_push_list(list, &pair);
}

bool sxp_push_int(struct sxp *list, const char *key, long long value)
{
    char num[32];
    snprintf(num, sizeof(num), "%lld", value);
    return sxp_push_pair(list, key, num);
}
