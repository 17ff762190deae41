/* Node permissions (see xs_perms.h). */
#include "xs_perms.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static const char letters[] = "nrwb";

int xs_perms_parse(const char *const *strs, unsigned n, struct xs_perm *out)
{
	if (n == 0)
		return EINVAL;
	for (unsigned i = 0; i < n; i++) {
		const char *s = strs[i];
		char *end;
		unsigned long id;
		int perm = -1;

		for (int l = 0; l < 4; l++)
			if (s[0] == letters[l])
				perm = l;
		if (perm < 0 || s[1] < '0' || s[1] > '9')
			return EINVAL;
		id = strtoul(s + 1, &end, 10);
		if (*end || id > 0xffff)
			return EINVAL;
		out[i].domid = (uint16_t)id;
		out[i].perm = (uint8_t)perm;
	}
	return 0;
}

size_t xs_perms_format(const struct xs_perm *p, unsigned n, char *buf,
		       size_t size)
{
	size_t used = 0;

	for (unsigned i = 0; i < n; i++) {
		int w = snprintf(buf + used, size - used, "%c%u",
				 letters[p[i].perm & 3], p[i].domid);
		if (w < 0 || (size_t)w + 1 > size - used)
			break;
		used += (size_t)w + 1; /* keep the NUL as separator */
	}
	return used;
}

static bool names(const struct xs_perm *e, unsigned domid, int target)
{
	return e->domid == domid || (target >= 0 && e->domid == target);
}

unsigned xs_perms_for(const struct xs_perm *p, unsigned n, unsigned domid,
		      int target)
{
	if (n == 0)
		return XS_PERM_NONE;
	if (names(&p[0], domid, target))
		return XS_PERM_BOTH;
	for (unsigned i = 1; i < n; i++)
		if (names(&p[i], domid, target) &&
		    !(p[i].perm & XS_PERM_IGNORE))
			return p[i].perm & XS_PERM_BOTH;
	return p[0].perm & XS_PERM_BOTH;
}

unsigned xs_perms_ignore(struct xs_perm *p, unsigned n, unsigned domid)
{
	unsigned marked = 0;

	for (unsigned i = 1; i < n; i++) {
		if (p[i].domid == domid && !(p[i].perm & XS_PERM_IGNORE)) {
			p[i].perm |= XS_PERM_IGNORE;
			marked++;
		}
	}
	return marked;
}

unsigned xs_perms_remove_domid(struct xs_perm *p, unsigned n, unsigned domid)
{
	unsigned kept = 1;

	if (n == 0)
		return 0;
	if (p[0].domid == domid)
		p[0].domid = 0;
	for (unsigned i = 1; i < n; i++)
		if (p[i].domid != domid)
			p[kept++] = p[i];
	return kept;
}
