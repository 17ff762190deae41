/* The xenstore wire protocol: raw header + payload in, typed request out;
 * replies built as complete messages. The one place input is parsed. */
#ifndef XS_WIRE_H
#define XS_WIRE_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>

#define XS_HDR_SIZE sizeof(struct xsd_sockmsg)
#define XS_MAX_PERMS_ARGS 64

/* A request after validation: every field the handler needs, typed. */
struct xs_request {
	uint32_t type;          /* enum xsd_sockmsg_type */
	uint32_t req_id;
	uint32_t tx_id;
	const char *path;       /* READ, WRITE, MKDIR, RM, DIRECTORY*, *_PERMS, WATCH */
	const char *value;      /* WRITE: raw bytes, not NUL-terminated */
	size_t value_len;
	const char *token;      /* WATCH, UNWATCH */
	const char *perms[XS_MAX_PERMS_ARGS]; /* SET_PERMS */
	unsigned nperms;
	unsigned domid;         /* INTRODUCE, RELEASE, GET_DOMAIN_PATH, ... */
	unsigned target;        /* SET_TARGET */
	uint64_t mfn;           /* INTRODUCE */
	unsigned port;          /* INTRODUCE */
	unsigned offset;        /* DIRECTORY_PART */
	int commit;             /* TRANSACTION_END: 1 = T, 0 = F */
	const char *args[XS_MAX_PERMS_ARGS + 1]; /* CONTROL: command and args */
	unsigned nargs;
};

/* Checks a header as it arrives; 0 or an errno (EINVAL: too long). */
int xs_wire_check_header(const struct xsd_sockmsg *hdr);

/* Parses the payload (body[len] must be a writable NUL sentinel, for
 * WRITE's raw value). Every other argument must end in its NUL.
 * Returns 0 or the errno for the error reply. */
int xs_wire_parse(const struct xsd_sockmsg *hdr, char *body, size_t len,
		  struct xs_request *req);

/* Xen's error string for an errno ("EINVAL" for unknown ones). */
const char *xs_wire_errstr(int err);

/* Builds a message (header + payload) in a new malloc'd buffer. */
void *xs_wire_build(uint32_t type, uint32_t req_id, uint32_t tx_id,
		    const void *payload, size_t len, size_t *out_len);

const char *xs_wire_type_name(uint32_t type);

#endif
