/* Node permissions: Xen's "<letter><domid>" lists. The first entry names
 * the owner and the access everyone else gets; later entries grant access
 * to particular domains. */
#ifndef XS_PERMS_H
#define XS_PERMS_H

#include <stddef.h>
#include <stdint.h>

enum { XS_PERM_NONE = 0, XS_PERM_READ = 1, XS_PERM_WRITE = 2,
       XS_PERM_BOTH = 3,
       /* An entry naming a domain that went away (XSA-322): it grants
        * nothing but is still listed; the value is Xen's, xenstore_lib.h. */
       XS_PERM_IGNORE = 0x10 };

struct xs_perm {
	uint16_t domid;
	uint8_t perm;
};

/* Parses n strings like "r5"; 0 or EINVAL. */
int xs_perms_parse(const char *const *strs, unsigned n, struct xs_perm *out);

/* Writes "n0\0r5\0..." into buf, ignored entries included as Xen's
 * perms_to_strings lists them; returns the length used. */
size_t xs_perms_format(const struct xs_perm *p, unsigned n, char *buf,
		       size_t size);

/* The access an unprivileged domain has (Xen's perm_for_conn): both if it
 * or its target (SET_TARGET; -1: none) owns the node, else the first entry
 * not ignored naming either, else the default of entry 0. */
unsigned xs_perms_for(const struct xs_perm *p, unsigned n, unsigned domid,
		      int target);

/* Marks every entry but the owner's that names domid as ignored;
 * returns how many it marked. */
unsigned xs_perms_ignore(struct xs_perm *p, unsigned n, unsigned domid);

/* Xen's remove_domid_from_perm, for the special nodes: the owner domid
 * becomes dom0 and the other entries naming it go; returns the new n. */
unsigned xs_perms_remove_domid(struct xs_perm *p, unsigned n, unsigned domid);

#endif
