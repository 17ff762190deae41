/* Running the hotplug scripts of /etc/xen/scripts: the device scripts
 * (block, vif-bridge) with the environment udev gave them under Xen 4.1
 * (XENBUS_PATH, XENBUS_TYPE, vif, ...), and the network-script at xend's
 * start and stop. dom0 has no udev: xend runs them itself, as Xen 4.17's
 * libxl does. */
#ifndef XEND_HOTPLUG_H
#define XEND_HOTPLUG_H

#include "xendconfig.h"

/* How long a script may take before xend kills it (Xen 4.1's xend
 * waited up to DEVICE_CREATE_TIMEOUT for a device to connect). */
#define XEND_HOTPLUG_TIMEOUT_S 30

/* Runs script with argv (argv[0] is the script) and extra environment
 * entries ("NAME=VALUE", NULL-terminated). Returns its exit status (0-255),
 * or a negative errno when it could not run or was killed at the timeout;
 * *out (malloc'd, may be NULL) is the last line it printed. */
int xend_hotplug_run(const char *const argv[], const char *const env[], char **out);

/* (network-script NAME ARGS...) run with "start" or "stop" before the
 * arguments, as Xen 4.1's xend did; failures are logged. */
void xend_hotplug_network(const struct xend_script *s, const char *op);

#endif
