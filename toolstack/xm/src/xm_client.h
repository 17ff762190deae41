/* xm's side of the xend API (../lib/xend_api.h): one connection per
 * command to the socket named by xend-unix-path in xend-config.sxp. */
#ifndef XM_CLIENT_H
#define XM_CLIENT_H

#include "xend_api.h"

/* Seconds xm waits for xend's reply before it gives up with a message. */
#define XM_REPLY_SECONDS 30
/* ... and for a create, which builds the domain before it answers: a
 * Linux kernel's XZ payload unpacked in an emulated dom0 takes a minute
 * (xm 4.1 waited on xend without a limit); for a save or a restore too,
 * which move the guest's whole memory. */
#define XM_CREATE_SECONDS 600

/* Sends req and reads the reply into *r. Returns 0 when xend answered
 * (with ok or error); otherwise prints why on stderr ("Error: ...") and
 * returns xm's exit status (1). Free r->doc with sxp_free after 0. */
int xm_call(const struct xend_request *req, struct xend_reply *r);

/* Prints xend's error reply as xm 4.1 did and returns the exit status:
 * ESRCH is "Domain 'x' does not exist." with status 3. */
int xm_report_error(const struct xend_reply *r);

/* One request whose answer xm does not print (xm 4.1 said nothing on
 * success): its error as above. Returns the exit status. */
int xm_call_quiet(const struct xend_request *req);

/* One request whose answer is a record named `record` (e.g. "node"),
 * printed by format on stdout; errors as above. Returns the exit status. */
int xm_call_print(const struct xend_request *req, const char *cmd, const char *record,
                  char *(*format)(const struct sxp *value));

#endif
