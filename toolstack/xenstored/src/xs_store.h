/* The xenstore server without any transport: the tree, connections,
 * watches, transactions, domains and quotas. Transports (UNIX socket,
 * shared ring) push bytes in with xs_conn_want/xs_conn_got and take
 * replies out with xs_conn_peek/xs_conn_sent. */
#ifndef XS_STORE_H
#define XS_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "xs_tree.h"
#include "xs_wire.h"

/* Xen's defaults (cxenstored / oxenstored). */
struct xs_quota {
	unsigned nodes;         /* -E: nodes a domain may own */
	unsigned entry_size;    /* -S: bytes of one node's value */
	unsigned watches;       /* -W: watches per domain */
	unsigned txns;          /* -t: open transactions per domain */
	unsigned perms;         /* -A: entries in a permission list */
	unsigned outstanding;   /* -Q outstanding=: unread replies */
	unsigned events;        /* -Q events=: queued watch events */
	unsigned trans_nodes;   /* -Q transaction-nodes=: paths one
				 * transaction may look at (Xen 4.17) */
	unsigned path_max;      /* -M: path length after /local/domain/N/ */
	unsigned memory;        /* -Q memory=: bytes a domain may use
				 * (xs_mem.c); 0: no limit */
	unsigned memory_soft;   /* -q memory=: above it a warning is logged */
};
#define XS_QUOTA_DEFAULTS { .nodes = 1000, .entry_size = 2048, \
	.watches = 128, .txns = 10, .perms = 5, \
	.path_max = XENSTORE_REL_PATH_MAX, .outstanding = 20, \
	.events = 1024, .trans_nodes = 1024, \
	.memory = 2048 * 1024 + 512 * 1024, .memory_soft = 2048 * 1024 }

struct xs_outmsg {
	struct xs_outmsg *next;
	char *buf;
	size_t len, off;
	bool is_event;
};

struct xs_watch {
	struct xs_watch *next;
	char *path;             /* canonical absolute or "@..." */
	char *token;
	bool relative;          /* events drop the /local/domain/N/ prefix */
};

struct xs_txn;
struct xs_store;

struct xs_conn {
	struct xs_conn *next;
	struct xs_store *store;
	unsigned domid;
	bool is_domain;         /* a ring connection, subject to quotas */
	bool dead;              /* protocol violation: close it */
	struct xsd_sockmsg hdr;
	size_t hdr_got, body_got;
	char body[XENSTORE_PAYLOAD_MAX + 1];
	struct xs_outmsg *out_head, *out_tail;
	unsigned out_replies, out_events;
	size_t out_mem;         /* bytes queued, charged as Xen does */
	bool dropping;          /* watch events are being dropped */
	struct xs_watch *watches;
	unsigned nwatches;
	size_t watch_mem;       /* bytes of watch paths and tokens */
	struct xs_txn *txns;
	unsigned ntxns;
	void *priv;             /* the transport's state */
};

struct xs_domain {
	struct xs_domain *next;
	unsigned domid;
	struct xs_conn *conn;
	uint64_t mfn;
	unsigned port;
	int target;             /* -1: none */
	bool introduced;        /* else only known to exist (XSA-417) */
	bool shutdown_reported;
	bool soft_reported, hard_reported; /* memory quota logged */
	time_t mem_last_msg;
};

/* What the daemon does for INTRODUCE/RELEASE; tests give their own. */
struct xs_store_hooks {
	/* Sets up the transport; returns a connection from xs_conn_new, or
	 * NULL with errno set. */
	struct xs_conn *(*introduce)(void *ctx, struct xs_store *s,
				     unsigned domid, uint64_t mfn,
				     unsigned port);
	/* Tears down the transport of a domain connection (before free). */
	void (*release)(void *ctx, struct xs_conn *c);
	/* Opens a file named by XS_CONTROL (trace, memreport) for appending;
	 * NULL: fopen. */
	FILE *(*open_file)(void *ctx, const char *path);
	/* Whether the hypervisor has domain domid (XSA-417); NULL: every
	 * domain is taken to exist. */
	bool (*domain_exists)(void *ctx, unsigned domid);
	void *ctx;
};

struct xs_store {
	struct xs_tree *tree;
	struct xs_quota q;
	struct xs_conn *conns;
	struct xs_domain *doms;
	struct xs_store_hooks hooks;
	struct xs_perm special_perms[2][XS_MAX_PERMS_ARGS]; /* @intro, @rel */
	unsigned special_nperms[2];
	uint32_t next_txid;
	bool keep_orphans;      /* -K: a dead domain's nodes go to dom0 */
	FILE *trace;            /* -T: one line per request and reply */
	char *trace_path;       /* where trace is (re)opened; NULL: none */
};

struct xs_store *xs_store_new(const struct xs_quota *q,
			      const struct xs_store_hooks *hooks);
void xs_store_free(struct xs_store *s);

struct xs_conn *xs_conn_new(struct xs_store *s, unsigned domid,
			    bool is_domain, void *priv);
void xs_conn_free(struct xs_conn *c);
/* A broken connection (Xen's ignore_connection, XSA-325): it is dead,
 * its watches, transactions and queued output are freed, but it and its
 * domain stay until the domain goes, so @releaseDomain fires then. */
void xs_conn_ignore(struct xs_conn *c);

/* Where the next input bytes go and how many are wanted (0: none now,
 * because the connection is dead or has too many unread replies). */
size_t xs_conn_want(struct xs_conn *c, void **ptr);
/* n bytes were stored at the pointer from xs_conn_want. */
void xs_conn_got(struct xs_conn *c, size_t n);
/* Convenience for tests: feeds as much of buf as is wanted. */
size_t xs_conn_feed(struct xs_conn *c, const void *buf, size_t len);
/* Pending output: bytes of the head message not yet sent. */
size_t xs_conn_peek(struct xs_conn *c, const void **ptr);
void xs_conn_sent(struct xs_conn *c, size_t n);

/* Queues a message; events beyond the quota are dropped for domains. */
void xs_conn_queue(struct xs_conn *c, uint32_t type, uint32_t req_id,
		   uint32_t tx_id, const void *payload, size_t len);

/* The request dispatcher: acts on one parsed request (xs_ops.c);
 * parse_err: what xs_wire_parse answered, given in Xen's order. */
void xs_store_handle(struct xs_conn *c, const struct xs_request *req,
		     int parse_err);
void xs_store_reply_error(struct xs_conn *c, const struct xs_request *req,
			  int err);

struct xs_domain *xs_store_domain(struct xs_store *s, unsigned domid);
/* The daemon saw the domain shut down: fire @releaseDomain once. */
void xs_store_domain_shutdown(struct xs_store *s, unsigned domid);
/* The domain is gone (or released): drop its connection, watches and
 * transactions, give its nodes to dom0, fire @releaseDomain. */
void xs_store_domain_gone(struct xs_store *s, unsigned domid);
/* Registers an already connected domain (dom0's own ring). */
struct xs_domain *xs_store_add_domain(struct xs_store *s, unsigned domid,
				      struct xs_conn *c, uint64_t mfn,
				      unsigned port);

/* XS_CONTROL (xs_control.c): 0 after replying, or an errno. */
int xs_control(struct xs_conn *c, const struct xs_request *req);
/* CONTROL "check" (xs_check.c): checks the tree's links and recounts
 * its accounting, logging and repairing each difference; returns how
 * many it found. */
unsigned xs_store_check(struct xs_store *s);
/* The trace file: set its path and open it (0 or ENOMEM), reopen it
 * ("log on"), close it ("log off"). */
int xs_trace_set(struct xs_store *s, const char *path);
void xs_trace_reopen(struct xs_store *s);
void xs_trace_close(struct xs_store *s);

/* Watches (xs_watch.c). */
int xs_watch_add(struct xs_conn *c, const char *path, const char *token,
		 bool relative);
int xs_watch_del(struct xs_conn *c, const char *path, const char *token);
void xs_watch_clear(struct xs_conn *c);
/* The node n at path changed (Xen's fire_watches): watches on it and
 * above it fire for connections that may see it; old: its permissions
 * before a SET_PERMS, whose readers hear of it too (else NULL). */
void xs_watch_fire(struct xs_store *s, const char *path,
		   const struct xs_node *n, const struct xs_perm *old,
		   unsigned nold);
/* The subtree at n (path) is about to be removed: each node below fires
 * the watches on exactly it, then n those on it and above (Xen 4.17). */
void xs_watch_fire_removed(struct xs_store *s, const struct xs_node *n,
			   const char *path);
void xs_watch_fire_special(struct xs_store *s, const char *path);

/* The memory quota (xs_mem.c): bytes domid uses now, Xen 4.17's way:
 * its nodes, and its connection's watches, queued messages and
 * transaction logs. */
size_t xs_mem_used(struct xs_store *s, unsigned domid);
/* Xen's domain_chk_quota: true if adding add bytes would bring an
 * unprivileged domain to its hard quota or beyond; logs when it crosses
 * the soft or hard quota, and when it is back below. */
bool xs_mem_over(struct xs_store *s, unsigned domid, long add);
/* Replies longer than this are refused (ENOMEM) to a domain at its
 * quota; shorter ones, like error replies, are always sent (Xen's
 * DEFAULT_BUFFER_SIZE). */
#define XS_MEM_SMALL_REPLY 16

bool xs_conn_privileged(const struct xs_conn *c);
/* Aborts every open transaction of c. */
void xs_conn_end_txns(struct xs_conn *c);
/* Access rights c has under a permission list (XS_PERM_* bits). */
unsigned xs_conn_access(const struct xs_conn *c, const struct xs_perm *p,
			unsigned np);

#endif
