/* The guest command line (hvm_start_info.cmdline_paddr): "key=value" words
 * separated by spaces; a bare "key" has the empty value. Pure: unit-tested
 * on the host (unit/check_cmdline.c). */
#ifndef GUEST_CMDLINE_H
#define GUEST_CMDLINE_H

#include "types.h"

/* Copies the value of the last "key=..." word into val (cut to size - 1,
 * always terminated); false when key is absent. */
bool cmdline_get(const char *cmdline, const char *key, char *val, size_t size);

/* Decimal or 0x-hex value of key; false when absent or not a number. */
bool cmdline_get_ulong(const char *cmdline, const char *key, unsigned long *out);

/* SHUTDOWN_* code (public/sched.h) named by "poweroff", "reboot", "suspend",
 * "crash", "watchdog" or "soft_reset"; -1 for anything else. */
int shutdown_reason_from_name(const char *name);
const char *shutdown_reason_name(unsigned int reason);

#endif
