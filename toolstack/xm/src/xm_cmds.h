/* xm's commands: each takes the arguments after its name and returns the
 * exit status. Usage text lives with the command table in xm_main.c. */
#ifndef XM_CMDS_H
#define XM_CMDS_H

#include <stdbool.h>

int xm_list(int argc, char **argv);
int xm_info(int argc, char **argv);
int xm_create(int argc, char **argv);
int xm_destroy(int argc, char **argv);
int xm_pause(int argc, char **argv);
int xm_unpause(int argc, char **argv);
int xm_shutdown(int argc, char **argv);
int xm_reboot(int argc, char **argv);
int xm_dmesg(int argc, char **argv);
int xm_vcpu_list(int argc, char **argv);
int xm_vcpu_pin(int argc, char **argv);
int xm_vcpu_set(int argc, char **argv);
int xm_mem_set(int argc, char **argv);
int xm_sysrq(int argc, char **argv);
int xm_uptime(int argc, char **argv);
int xm_log(int argc, char **argv);
int xm_console(int argc, char **argv);
int xm_save(int argc, char **argv);
int xm_restore(int argc, char **argv);
int xm_migrate(int argc, char **argv);

/* Attaches the terminal to dom's console until Ctrl-] (xm_console.c);
 * returns the exit status. quiet: no message for a missing domain. */
int xm_console_attach(const char *dom, bool quiet);

/* "Error: <msg>" then the command's usage on stderr; returns 1. */
int xm_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
