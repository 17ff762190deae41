/* --shard i/n: sort the scenario@stack ids, keep those whose index % n is i-1. */
#ifndef HARNESS_SHARD_H
#define HARNESS_SHARD_H

/* Parses "i/n" (1 <= i <= n). Returns 0 or -1. */
int shard_parse(const char *s, int *index, int *total);
/* selected[k] = 1 when ids[k] belongs to shard index of total. */
void shard_select(const char *const *ids, int n, int index, int total, int *selected);

#endif
