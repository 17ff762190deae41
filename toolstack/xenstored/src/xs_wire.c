/* Parsing of xenstore requests into struct xs_request (see xs_wire.h). */
#include "xs_wire.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[XS_TYPE_COUNT] = {
	[XS_CONTROL] = "CONTROL", [XS_DIRECTORY] = "DIRECTORY",
	[XS_READ] = "READ", [XS_GET_PERMS] = "GET_PERMS",
	[XS_WATCH] = "WATCH", [XS_UNWATCH] = "UNWATCH",
	[XS_TRANSACTION_START] = "TRANSACTION_START",
	[XS_TRANSACTION_END] = "TRANSACTION_END",
	[XS_INTRODUCE] = "INTRODUCE", [XS_RELEASE] = "RELEASE",
	[XS_GET_DOMAIN_PATH] = "GET_DOMAIN_PATH", [XS_WRITE] = "WRITE",
	[XS_MKDIR] = "MKDIR", [XS_RM] = "RM", [XS_SET_PERMS] = "SET_PERMS",
	[XS_WATCH_EVENT] = "WATCH_EVENT", [XS_ERROR] = "ERROR",
	[XS_IS_DOMAIN_INTRODUCED] = "IS_DOMAIN_INTRODUCED",
	[XS_RESUME] = "RESUME", [XS_SET_TARGET] = "SET_TARGET",
	[XS_RESET_WATCHES] = "RESET_WATCHES",
	[XS_DIRECTORY_PART] = "DIRECTORY_PART",
};

const char *xs_wire_type_name(uint32_t type)
{
	if (type < XS_TYPE_COUNT && type_names[type])
		return type_names[type];
	return "UNKNOWN";
}

int xs_wire_check_header(const struct xsd_sockmsg *hdr)
{
	return hdr->len > XENSTORE_PAYLOAD_MAX ? E2BIG : 0;
}

const char *xs_wire_errstr(int err)
{
	for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (xsd_errors[i].errnum == err)
			return xsd_errors[i].errstring;
	return "EINVAL";
}

/* Splits body into NUL-terminated strings; the sentinel at body[len]
 * terminates an unterminated last piece. */
static unsigned split_args(char *body, size_t len, const char **out,
			   unsigned max)
{
	unsigned n = 0;
	size_t i = 0;

	while (i < len) {
		if (n == max)
			return max + 1;
		out[n++] = body + i;
		i += strlen(body + i) + 1;
	}
	return n;
}

static int parse_uint(const char *s, unsigned long long max,
		      unsigned long long *out)
{
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || *end || *out > max)
		return EINVAL;
	return 0;
}

static int parse_domid(const char *s, unsigned *out)
{
	unsigned long long v;
	int err = parse_uint(s, 0xffff, &v);

	*out = (unsigned)v;
	return err;
}

static int parse_write(char *body, size_t len, struct xs_request *req)
{
	size_t plen = strnlen(body, len);

	if (plen == len)
		return EINVAL; /* no NUL after the path */
	req->path = body;
	req->value = body + plen + 1;
	req->value_len = len - plen - 1;
	return 0;
}

static int parse_introduce(const char **a, unsigned n, struct xs_request *req)
{
	unsigned long long v;

	if (n != 3 || parse_domid(a[0], &req->domid) ||
	    parse_uint(a[1], UINT64_MAX, &v))
		return EINVAL;
	req->mfn = v;
	if (parse_uint(a[2], UINT_MAX, &v))
		return EINVAL;
	req->port = (unsigned)v;
	return 0;
}

static int parse_args(const char **a, unsigned n, struct xs_request *req)
{
	unsigned long long v;

	switch (req->type) {
	case XS_READ: case XS_DIRECTORY: case XS_GET_PERMS:
	case XS_MKDIR: case XS_RM:
		if (n != 1)
			return EINVAL;
		req->path = a[0];
		return 0;
	case XS_DIRECTORY_PART:
		if (n != 2 || parse_uint(a[1], UINT_MAX, &v))
			return EINVAL;
		req->path = a[0];
		req->offset = (unsigned)v;
		return 0;
	case XS_SET_PERMS:
		if (n < 2 || n > XS_MAX_PERMS_ARGS)
			return EINVAL;
		req->path = a[0];
		req->nperms = n - 1;
		memcpy(req->perms, a + 1, (n - 1) * sizeof(*a));
		return 0;
	case XS_WATCH: case XS_UNWATCH:
		if (n != 2)
			return EINVAL;
		req->path = a[0];
		req->token = a[1];
		return 0;
	case XS_TRANSACTION_END:
		if (n != 1 || (strcmp(a[0], "T") && strcmp(a[0], "F")))
			return EINVAL;
		req->commit = a[0][0] == 'T';
		return 0;
	case XS_INTRODUCE:
		return parse_introduce(a, n, req);
	case XS_RELEASE: case XS_GET_DOMAIN_PATH:
	case XS_IS_DOMAIN_INTRODUCED: case XS_RESUME:
		return n == 1 ? parse_domid(a[0], &req->domid) : EINVAL;
	case XS_SET_TARGET:
		if (n != 2 || parse_domid(a[0], &req->domid) ||
		    parse_domid(a[1], &req->target))
			return EINVAL;
		return 0;
	case XS_CONTROL:
		if (n < 1)
			return EINVAL;
		req->nargs = n;
		memcpy(req->args, a, n * sizeof(*a));
		return 0;
	default:
		return ENOSYS; /* WATCH_EVENT, ERROR, unknown: as Xen */
	}
}

int xs_wire_parse(const struct xsd_sockmsg *hdr, char *body, size_t len,
		  struct xs_request *req)
{
	const char *a[XS_MAX_PERMS_ARGS + 1];
	unsigned n;

	memset(req, 0, sizeof(*req));
	req->type = hdr->type;
	req->req_id = hdr->req_id;
	req->tx_id = hdr->tx_id;
	body[len] = '\0';
	/* Xen's process_message answers a type without a handler (unknown,
	 * WATCH_EVENT, ERROR) before it looks at the payload. */
	if (hdr->type >= XS_TYPE_COUNT || hdr->type == XS_WATCH_EVENT ||
	    hdr->type == XS_ERROR)
		return ENOSYS;
	/* Xen's do_transaction_start and do_reset_watches never read their
	 * payload. */
	if (hdr->type == XS_TRANSACTION_START ||
	    hdr->type == XS_RESET_WATCHES)
		return 0;
	if (hdr->type == XS_WRITE)
		return parse_write(body, len, req);
	/* Xen counts only NUL-terminated arguments: one without is not an
	 * argument, so the count is wrong (EINVAL). */
	if (len && body[len - 1] != '\0')
		return EINVAL;
	n = split_args(body, len, a, XS_MAX_PERMS_ARGS);
	if (n > XS_MAX_PERMS_ARGS)
		return EINVAL;
	return parse_args(a, n, req);
}

void *xs_wire_build(uint32_t type, uint32_t req_id, uint32_t tx_id,
		    const void *payload, size_t len, size_t *out_len)
{
	struct xsd_sockmsg hdr = {
		.type = type, .req_id = req_id, .tx_id = tx_id,
		.len = (uint32_t)len,
	};
	char *buf = malloc(XS_HDR_SIZE + len);

	if (!buf)
		return NULL;
	memcpy(buf, &hdr, XS_HDR_SIZE);
	if (len)
		memcpy(buf + XS_HDR_SIZE, payload, len);
	*out_len = XS_HDR_SIZE + len;
	return buf;
}
