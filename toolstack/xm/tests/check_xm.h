/* The Check test cases of xm, one file each. */
#ifndef CHECK_XM_H
#define CHECK_XM_H

#include <check.h>
#include <sys/types.h>

/* check_client.c's stand-in xend: a temporary folder (dir) with a config
 * naming its socket (sock) as XEND_CONFIG; serve_once answers one
 * connection with reply and keeps the request line in <dir>/request. */
extern char dir[64], sock[96];
void setup(void);
void teardown(void);
pid_t serve_once(const char *reply, mode_t mode);

TCase *client_tcase(void);

TCase *commands_tcase(void);
TCase *vcpu_tcase(void);

#endif
