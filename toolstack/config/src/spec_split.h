/* The comma-separated mini-languages of disk= and vif= entries: fields
 * split at commas and trimmed of blanks. Not part of the public API. */
#ifndef SPEC_SPLIT_H
#define SPEC_SPLIT_H
#include <stddef.h>

/* A new string: s[0..n) without leading and trailing blanks. */
char *spec_trim(const char *s, size_t n);
/* Stores up to max trimmed fields of spec in f (new strings) and returns
 * how many fields spec has, which may be more than max. */
size_t spec_split(const char *spec, char **f, size_t max);

#endif
