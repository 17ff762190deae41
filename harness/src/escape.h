/* Escaping for the reports: XML/HTML text and attributes, TAP descriptions. */
#ifndef HARNESS_ESCAPE_H
#define HARNESS_ESCAPE_H
#include <stddef.h>

#include "util.h"

/* Appends s[0..n) escaped for XML 1.0 / HTML text or attribute values:
 * & < > " ' as entities, control characters XML forbids and invalid UTF-8
 * as '?'. */
void xml_escape(struct strbuf *out, const char *s, size_t n);
/* A TAP test description: one line, '#' escaped as '\#' so it is not a
 * directive, backslashes doubled (new string). */
char *tap_escape(const char *s);

#endif
