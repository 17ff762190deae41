/* Xenstore path rules (see xs_path.h). */
#include "xs_path.h"

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <xen/io/xs_wire.h>

static bool valid_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("-/_@", c);
}

static bool valid_abs(const char *p)
{
	if (p[0] != '/')
		return false;
	for (const char *c = p; *c; c++) {
		if (!valid_char(*c))
			return false;
		if (c[0] == '/' && c[1] == '/')
			return false;
	}
	return strcmp(p, "/") == 0 || p[strlen(p) - 1] != '/';
}

static bool valid_special(const char *p)
{
	return strcmp(p, "@introduceDomain") == 0 ||
	       strcmp(p, "@releaseDomain") == 0;
}

void xs_path_domain(unsigned domid, char *out, size_t len)
{
	snprintf(out, len, "/local/domain/%u", domid);
}

/* Length of a "/local/domain/<domid>/" prefix of p, else 0: Xen reads
 * the domid with "%5u" (an optional sign and digits, five characters at
 * most). */
static size_t local_prefix(const char *p)
{
	static const char pre[] = "/local/domain/";
	size_t n = sizeof(pre) - 1, w = 0;

	if (strncmp(p, pre, n))
		return 0;
	if (p[n] == '-' || p[n] == '+')
		w++;
	while (w < 5 && p[n + w] >= '0' && p[n + w] <= '9')
		w++;
	if (w == 0 || (w == 1 && (p[n] == '-' || p[n] == '+')) ||
	    p[n + w] != '/')
		return 0;
	return n + w + 1;
}

int xs_path_canon(const char *in, unsigned domid, bool allow_special,
		  size_t path_max, char *out)
{
	int n;

	if (in[0] == '@') {
		if (!allow_special || !valid_special(in))
			return EINVAL;
		strcpy(out, in);
		return 0;
	}
	if (in[0] == '/')
		n = snprintf(out, XS_PATH_BUF, "%s", in);
	else if (in[0])
		n = snprintf(out, XS_PATH_BUF, "/local/domain/%u/%s", domid, in);
	else
		return EINVAL;
	/* XSA-323: the limit applies to what follows a domain's home, so a
	 * path is as valid relative as absolute, under any domid. */
	if (n < 0 || (size_t)n >= XS_PATH_BUF ||
	    (size_t)n > local_prefix(out) + path_max)
		return EINVAL;
	return valid_abs(out) ? 0 : EINVAL;
}

bool xs_path_is_under(const char *path, const char *base)
{
	size_t bl = strlen(base);

	if (strcmp(base, "/") == 0)
		return path[0] == '/';
	return strncmp(path, base, bl) == 0 &&
	       (path[bl] == '\0' || path[bl] == '/');
}

bool xs_path_parent(const char *path, char *out)
{
	const char *slash = strrchr(path, '/');

	if (!slash || strcmp(path, "/") == 0)
		return false;
	if (slash == path) {
		strcpy(out, "/");
		return true;
	}
	memcpy(out, path, (size_t)(slash - path));
	out[slash - path] = '\0';
	return true;
}
