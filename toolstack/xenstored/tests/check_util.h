/* Test helpers: an in-memory store and clients that speak the wire
 * protocol to it, so tests go through the same parser as real input. */
#ifndef CHECK_UTIL_H
#define CHECK_UTIL_H

#include <check.h>

#include "xs_store.h"

extern struct xs_store *t_s;

/* A store with the given quotas (NULL: Xen's defaults) whose INTRODUCE
 * creates in-memory domain connections. */
struct xs_store *t_store(const struct xs_quota *q);
void t_store_free(void);
/* A dom0 tool connection (like the UNIX socket). */
struct xs_conn *t_dom0(void);
/* Introduces domid through dom0 and returns its ring connection, whose
 * home /local/domain/<domid> dom0 creates with owner domid. */
struct xs_conn *t_domain(unsigned domid);

/* Sends a request whose payload is the NUL-terminated args; returns the
 * reply body with NULs shown as '|' ("!EACCES" for error replies). */
const char *t_call(struct xs_conn *c, uint32_t type, uint32_t tx,
		   const char *a1, const char *a2);
const char *t_call3(struct xs_conn *c, uint32_t type, uint32_t tx,
		    const char *a1, const char *a2, const char *a3);
/* Sends payload as given (len bytes, NULs included). */
const char *t_raw(struct xs_conn *c, uint32_t type, uint32_t tx,
		  const char *payload, size_t len);
const char *t_write(struct xs_conn *c, uint32_t tx, const char *path,
		    const char *value);
const char *t_read(struct xs_conn *c, uint32_t tx, const char *path);
uint32_t t_txn(struct xs_conn *c);
/* Next watch event for c as "path|token|", or NULL. */
const char *t_event(struct xs_conn *c);
/* Next queued message of any type, shown like t_call's replies. */
const char *t_reply(struct xs_conn *c);
/* Drops the pending events of c. */
void t_no_events(struct xs_conn *c);

/* Recounts from the tree what the nodes of domid are charged (Xen
 * 4.17's formula) and checks the node count on the way. */
size_t t_recount_mem(unsigned domid);

/* Live heap bytes, from the ASan runtime the tests link with (declared in
 * clang's <sanitizer/allocator_interface.h>, which gcc does not ship). */
size_t __sanitizer_get_current_allocated_bytes(void);

Suite *suite_wire(void);
Suite *suite_tree(void);
Suite *suite_txn(void);
Suite *suite_txn_cost(void);
Suite *suite_watch(void);
Suite *suite_quota(void);
Suite *suite_ring(void);
Suite *suite_control(void);
Suite *suite_mem(void);
Suite *suite_xsa(void);
Suite *suite_xsplay(void);
Suite *suite_xendiff(void);

#endif
