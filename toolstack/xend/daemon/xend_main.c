/* xend: reads /etc/xen/xend-config.sxp, logs to its logfile (default
 * /var/log/xend.log; stdout and stderr go to xend-debug.log beside it,
 * guide 6.1.1), and serves xm on its UNIX socket. /etc/init.d/xend
 * starts it; it returns to the script once the socket is ready.
 *   xend [--config=FILE] [--pid-file=FILE] [--foreground] */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon_log.h"
#include "daemon_start.h"
#include "xend_api.h"
#include "xend_domains.h"
#include "xend_persist.h"
#include "xend_migrate.h"
#include "xend_relocation.h"
#include "xend_save.h"
#include "xend_server.h"
#include "xend_tune.h"
#include "xend_uptime.h"
#include "xend_vcpu.h"
#include "xend_xen.h"
#include "xend_hotplug.h"
#include "xendconfig.h"

/* xend_config_format of Xen 4.1's xend (xm info prints it). */
#define XEND_CONFIG_FORMAT 4

static char *handle(void *ctx, uid_t uid, const char *text, size_t len)
{
    struct xend_xen *x = ctx;
    struct xend_request req;
    struct sxp value;
    const char *subject = NULL;
    char *why = NULL, *reply;
    int rc = xend_request_parse(text, len, &req, &why);

    if (rc < 0) {
        daemon_log(DLOG_WARN, -1, "uid %d: %s", (int)uid, why ? why : "bad request");
        reply = xend_reply_error(-rc, why ? why : "bad request", NULL);
        free(why);
        return reply;
    }
    daemon_log(DLOG_DEBUG, -1, "uid %d: %.*s", (int)uid, (int)len, text);
    switch (req.op) {
    case XEND_OP_LIST:
        rc = xend_xen_list(x, &req, &value, &why, &subject);
        if (rc == 0 && !xend_domains_push_devices(&value)) {
            sxp_free(&value);
            rc = -ENOMEM;
        }
        break;
    case XEND_OP_INFO: rc = xend_xen_info(x, &value, &why); break;
    case XEND_OP_CREATE: rc = xend_xen_create(x, &req, &value, &why); break;
    case XEND_OP_DESTROY: rc = xend_xen_destroy(x, &req, &value, &why, &subject); break;
    case XEND_OP_PAUSE:
    case XEND_OP_UNPAUSE: rc = xend_xen_pause(x, &req, &value, &why, &subject); break;
    case XEND_OP_SHUTDOWN:
    case XEND_OP_REBOOT: rc = xend_xen_shutdown(x, &req, &value, &why, &subject); break;
    case XEND_OP_CONSOLE: rc = xend_xen_console(x, &req, &value, &why, &subject); break;
    case XEND_OP_VCPU_LIST: rc = xend_xen_vcpu_list(x, &req, &value, &why, &subject); break;
    case XEND_OP_VCPU_PIN: rc = xend_xen_vcpu_pin(x, &req, &value, &why, &subject); break;
    case XEND_OP_VCPU_SET:
    case XEND_OP_MEM_SET:
    case XEND_OP_SYSRQ: rc = xend_xen_tune(x, &req, &value, &why, &subject); break;
    case XEND_OP_LOG: rc = xend_xen_log(x, &value, &why); break;
    case XEND_OP_SAVE: rc = xend_xen_save(x, &req, &value, &why, &subject); break;
    case XEND_OP_RESTORE: rc = xend_xen_restore(x, &req, &value, &why); break;
    case XEND_OP_MIGRATE: rc = xend_xen_migrate(x, &req, &value, &why, &subject); break;
    default: rc = xend_xen_dmesg(x, &req, &value, &why); break;
    }
    if (rc < 0) {
        daemon_log(rc == -ESRCH ? DLOG_INFO : DLOG_ERR, -1, "uid %d: %s",
                   (int)uid, why ? why : strerror(-rc));
        reply = xend_reply_error(-rc, why ? why : strerror(-rc), subject);
    } else {
        reply = xend_reply_ok(&value);
        sxp_free(&value);
    }
    free(why);
    xend_request_free(&req);
    return reply;
}

static enum daemon_log_level log_level(enum xend_loglevel l)
{
    switch (l) {
    case XEND_LOG_DEBUG: return DLOG_DEBUG;
    case XEND_LOG_INFO: return DLOG_INFO;
    case XEND_LOG_WARNING: return DLOG_WARN;
    default: return DLOG_ERR;
    }
}

/* mkdir -p of the folder that holds path. */
static void make_parent(const char *path)
{
    char *copy = strdup(path), *dir;

    if (!copy)
        return;
    dir = dirname(copy);
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0755);
            *p = '/';
        }
    mkdir(dir, 0755);
    free(copy);
}

/* The debug log sits beside the log, as Xen's xend-debug.log did. */
static void redirect_output(const char *logfile)
{
    char *copy = strdup(logfile), *dbg = NULL;
    int fd;

    if (!copy || asprintf(&dbg, "%s/xend-debug.log", dirname(copy)) < 0)
        dbg = NULL;
    fd = dbg ? open(dbg, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640) : -1;
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        close(fd);
    }
    free(dbg);
    free(copy);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "config", required_argument, NULL, 'c' },
        { "pid-file", required_argument, NULL, 'p' },
        { "foreground", no_argument, NULL, 'f' },
        { NULL, 0, NULL, 0 },
    };
    const char *config = "/etc/xen/xend-config.sxp", *pid_file = NULL;
    struct xend_config cfg;
    struct cfg_diags diags = { 0 };
    struct xend_xen x = { .xend_config_format = XEND_CONFIG_FORMAT };
    struct xend_relocation reloc = { .fd = -1 };
    int foreground = 0, o, ready[2] = { -1, -1 }, lfd, sfd, wfd;
    unsigned found;
    FILE *log;
    char ok = 1;

    while ((o = getopt_long(argc, argv, "c:p:f", opts, NULL)) != -1) {
        switch (o) {
        case 'c': config = optarg; break;
        case 'p': pid_file = optarg; break;
        case 'f': foreground = 1; break;
        default:
            fprintf(stderr, "usage: xend [--config=FILE] [--pid-file=FILE] [--foreground]\n");
            return 1;
        }
    }
    /* A broken config stops xend before anything starts, with file:line. */
    if (xend_config_parse_file(config, &cfg, &diags) < 0) {
        cfg_diags_print(&diags, stderr);
        fprintf(stderr, "xend: not started: errors in %s\n", config);
        return 1;
    }
    cfg_diags_print(&diags, stderr);   /* warnings */
    make_parent(cfg.logfile);
    log = fopen(cfg.logfile, "ae");
    if (!log) {
        fprintf(stderr, "xend: %s: %s\n", cfg.logfile, strerror(errno));
        return 1;
    }
    daemon_log_setup(log, log_level(cfg.loglevel), "xend");
    x.logfile = cfg.logfile;

    if (!foreground) {
        /* The parent waits for one byte: 1 once the socket listens, 0 on
         * failure (the reason then is in the log and on stderr). */
        pid_t pid;
        if (pipe2(ready, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
            perror("xend");
            return 1;
        }
        if (pid > 0) {
            close(ready[1]);
            if (read(ready[0], &ok, 1) != 1)
                ok = 0;
            return ok ? 0 : 1;
        }
        close(ready[0]);
        setsid();
    }

    sfd = daemon_signals_fd();
    if (xend_xen_open(&x) < 0) {
        fprintf(stderr, "xend: cannot open Xen's control interface: %s\n", strerror(errno));
        goto fail;
    }
    if (!cfg.unix_server && !cfg.unix_xmlrpc_server)
        daemon_log(DLOG_WARN, -1, "xend-unix-server and xend-unix-xmlrpc-server are "
                   "both off: serving %s all the same (xm has no other way)", cfg.unix_path);
    /* Xen 4.1's xend: the network set up before domains can use it. */
    x.relocation_port = cfg.relocation_port;
    x.relocation_ssl_port = cfg.relocation_ssl_port;
    x.relocation_ssl = cfg.relocation_ssl;
    x.vif_script = cfg.vif_script.name ? cfg.vif_script.name : "vif-bridge";
    xend_hotplug_network(&cfg.network_script, "start");
    make_parent(cfg.unix_path);
    lfd = xend_server_listen(cfg.unix_path);
    if (lfd < 0) {
        daemon_log(DLOG_ERR, -1, "socket %s: %m", cfg.unix_path);
        fprintf(stderr, "xend: socket %s: %s\n", cfg.unix_path, strerror(errno));
        goto fail;
    }
    if (pid_file)
        daemon_write_pid_file(pid_file);
    daemon_log(DLOG_INFO, -1, "xend started (pid %d): config %s, socket %s",
               (int)getpid(), config, cfg.unix_path);
    if (!foreground) {
        redirect_output(cfg.logfile);
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0) {
            dup2(null, STDIN_FILENO);
            close(null);
        }
        if (write(ready[1], &ok, 1) != 1)
            daemon_log(DLOG_WARN, -1, "start-up pipe: %m");
        close(ready[1]);
    }

    /* The domains a previous xend managed, found again (guide 6.1.1). */
    wfd = xend_domains_watch(&x);
    if ((found = xend_persist_restore(&x)))
        daemon_log(DLOG_INFO, -1, "%u managed domain(s) found again", found);
    xend_domains_settle(&x);
    /* A relocation server that cannot listen is logged; xend serves on. */
    xend_relocation_open(&reloc, &x, &cfg);
    {
        const struct xend_server_watch w[] = {
            { wfd, xend_domains_event, &x },
            { reloc.fd, xend_relocation_accept, &reloc },
            { reloc.ssl_fd, xend_relocation_accept_tls, &reloc },
        };
        xend_server_run(lfd, sfd, w, 3, handle, &x);
    }
    xend_relocation_close(&reloc);
    xend_hotplug_network(&cfg.network_script, "stop");

    close(lfd);
    unlink(cfg.unix_path);
    if (pid_file)
        unlink(pid_file);
    xend_xen_close(&x);
    daemon_log(DLOG_INFO, -1, "xend stopped");
    xend_config_free(&cfg);
    cfg_diags_free(&diags);
    return 0;
fail:
    ok = 0;
    if (ready[1] >= 0 && write(ready[1], &ok, 1) != 1)
        daemon_log(DLOG_WARN, -1, "start-up pipe: %m");
    xend_xen_close(&x);
    return 1;
}
