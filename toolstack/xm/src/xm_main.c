/* xm: the guide's client of xend (guide 6.1.2). `xm help` lists the
 * commands; a command xm lacks, bad options or a missing domain end in
 * "Error: ..." on stderr and a non-zero status, as xm 4.1 did. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xm_cmds.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *args, *help;
};

static const struct command commands[] = {
    { "console", xm_console, "[-q|--quiet] <Domain>", "Attach to <Domain>'s console.\n"
      "  -q, --quiet                    Do not print an error message if the\n"
      "                                 domain does not exist\n"
      "  Ctrl-] leaves the console" },
    { "create", xm_create, "<ConfigFile> [options] [vars]",
      "Create a domain based on <ConfigFile>.\n"
      "  -c, --console_autoconnect      Connect to the console after the domain\n"
      "                                 is created\n"
      "  -n, --dryrun                   Print the (vm ...) record, create nothing\n"
      "  vars: key=value pairs that override the config file's" },
    { "destroy", xm_destroy, "<Domain>", "Terminate a domain immediately." },
    { "dmesg", xm_dmesg, "[-c|--clear]", "Read and/or clear Xend's message buffer.\n"
      "  -c, --clear                    Clear dmesg buffer as well as printing it" },
    { "help", NULL, "[command]", "Display this message or a command's usage." },
    { "info", xm_info, "", "Get information about the Xen host." },
    { "list", xm_list, "[options] [Domain, ...]",
      "List information about all/some domains.\n"
      "  -l, --long                     Output all VM details in SXP" },
    { "log", xm_log, "", "Print Xend log." },
    { "mem-set", xm_mem_set, "<Domain> <Mem>", "Set the current memory usage for a domain." },
    { "migrate", xm_migrate, "<Domain> <Host>",
      "Migrate a domain to another machine.\n"
      "  -l, --live                     Use live migration.\n"
      "  -p=portnum, --port=portnum     Use specified port for migration.\n"
      "  -s, --ssl                      Use ssl connection for migration." },
    { "pause", xm_pause, "<Domain>", "Pause execution of a domain." },
    { "reboot", xm_reboot, "[-w] <Domain>", "Reboot a domain.\n"
      "  -w, --wait                     Wait for reboot to complete before returning" },
    { "restore", xm_restore, "<CheckpointFile>", "Restore a domain from a saved state." },
    { "save", xm_save, "<Domain> <CheckpointFile>", "Save a domain state to restore later." },
    { "shutdown", xm_shutdown, "[-w] <Domain>", "Shutdown a domain.\n"
      "  -w, --wait                     Wait for guest shutdown" },
    { "sysrq", xm_sysrq, "<Domain> <letter>", "Send a sysrq to a domain." },
    { "unpause", xm_unpause, "<Domain>", "Unpause a paused domain." },
    { "uptime", xm_uptime, "[-s] [Domain, ...]", "Print uptime for all/some domains.\n"
      "  -s, --short                    Short form" },
    { "vcpu-list", xm_vcpu_list, "[Domain, ...]",
      "List the VCPUs for all/some domains." },
    { "vcpu-pin", xm_vcpu_pin, "<Domain> <VCPU|all> <CPUs|all>",
      "Set which CPUs a VCPU can use." },
    { "vcpu-set", xm_vcpu_set, "<Domain> <vCPUs>",
      "Set the number of active VCPUs for allowed for the domain." },
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *lookup(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

static void usage_of(const struct command *c, FILE *f)
{
    fprintf(f, "Usage: xm %s %s\n\n%s\n", c->name, c->args, c->help);
}

static void long_help(FILE *f)
{
    fputs("Usage: xm <subcommand> [args]\n\n"
          "Control, list, and manipulate Xen guest instances.\n\n"
          "xm commands:\n\n", f);
    for (size_t i = 0; i < N_COMMANDS; i++) {
        const char *nl = strchr(commands[i].help, '\n');
        int n = nl ? (int)(nl - commands[i].help) : (int)strlen(commands[i].help);
        fprintf(f, " %-10s %-26s %.*s\n", commands[i].name, commands[i].args, n,
                commands[i].help);
    }
    fputs("\n<Domain> can either be the Domain Name or Id.\n"
          "For more help on 'xm' see the xm(1) man page.\n", f);
}

int xm_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fputs("Error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (lookup(cmd))
        usage_of(lookup(cmd), stderr);
    return 1;
}

int main(int argc, char **argv)
{
    const struct command *c;

    if (argc < 2) {
        long_help(stderr);
        return 1;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        long_help(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "help")) {
        if (argc > 2) {
            if (!(c = lookup(argv[2])) || !c->run) {
                fprintf(stderr, "Error: Subcommand %s not found!\n", argv[2]);
                return 1;
            }
            usage_of(c, stdout);
            return 0;
        }
        long_help(stdout);
        return 0;
    }
    c = lookup(argv[1]);
    if (!c || !c->run) {
        fprintf(stderr, "Error: Subcommand %s not found!\n", argv[1]);
        long_help(stderr);
        return 1;
    }
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage_of(c, stdout);
            return 0;
        }
    return c->run(argc - 1, argv + 1);
}
