#include "shard.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int shard_parse(const char *s, int *index, int *total)
{
    char *end;
    long i = strtol(s, &end, 10);
    if (end == s || *end != '/')
        return -1;
    const char *t = end + 1;
    long n = strtol(t, &end, 10);
    if (end == t || *end || n < 1 || n > 100000 || i < 1 || i > n)
        return -1;
    *index = (int)i;
    *total = (int)n;
    return 0;
}

static const char *const *sort_ids;

static int by_id(const void *a, const void *b)
{
    int ia = *(const int *)a, ib = *(const int *)b;
    int c = strcmp(sort_ids[ia], sort_ids[ib]);
    return c ? c : ia - ib;
}

void shard_select(const char *const *ids, int n, int index, int total, int *selected)
{
    int *order = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *order);
    for (int k = 0; k < n; k++)
        order[k] = k;
    sort_ids = ids;
    qsort(order, (size_t)n, sizeof *order, by_id);
    for (int rank = 0; rank < n; rank++)
        selected[order[rank]] = rank % total == index - 1;
    free(order);
}
