/* Xenstore path rules: validation, relative paths, parent/child tests. */
#ifndef XS_PATH_H
#define XS_PATH_H

#include <stdbool.h>
#include <stddef.h>

#define XS_PATH_BUF 3200 /* > XENSTORE_ABS_PATH_MAX */

/* Turns a client path into a canonical absolute one in out[XS_PATH_BUF]:
 * relative paths live under /local/domain/<domid>/. Special "@" paths are
 * accepted only when allow_special. Returns 0 or EINVAL. path_max limits
 * the length after any "/local/domain/<domid>/" (Xen's is_valid_nodename;
 * quota path-max, XENSTORE_REL_PATH_MAX by default). */
int xs_path_canon(const char *in, unsigned domid, bool allow_special,
		  size_t path_max, char *out);

/* True if path is base itself or lies below it. */
bool xs_path_is_under(const char *path, const char *base);

/* Writes the parent of an absolute path ("/" for "/x"); false for "/". */
bool xs_path_parent(const char *path, char *out);

/* "/local/domain/<domid>" */
void xs_path_domain(unsigned domid, char *out, size_t len);

#endif
