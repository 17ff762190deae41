#include "interactive.h"
#include "proc.h"
#include "qemu_args.h"
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A free loopback TCP port for QEMU's gdbstub (gdb cannot use unix sockets). */
static int free_port(void)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0), port = 1234;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
        getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
        port = ntohs(sa.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

/* The entry point of an ELF file, 0 if it is not one. */
static uint64_t elf_entry(const char *path)
{
    unsigned char h[32];
    FILE *f = fopen(path, "rb");
    uint64_t e = 0;
    if (!f)
        return 0;
    if (fread(h, 1, sizeof h, f) == sizeof h && !memcmp(h, "\177ELF", 4)) {
        int wide = h[4] == 2;
        for (int i = (wide ? 7 : 3); i >= 0; i--)
            e = (e << 8) | h[24 + i];
    }
    fclose(f);
    return e;
}

static pid_t start_qemu(const struct scenario *s, struct profile *p, int i, const struct qemu_opts *o,
                        int foreground)
{
    struct argv av;
    char log[96];
    qemu_build_argv(p, &s->hosts[i], i, o, &av);
    snprintf(log, sizeof log, "%s.qemu.log", s->hosts[i].name);
    int lfd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    char *line = argv_join(&av);
    if (lfd >= 0)
        dprintf(lfd, "# %s\n", line);
    fprintf(stderr, "labrun: %s: %s\n", s->hosts[i].name, line);
    free(line);
    /* The console host keeps the terminal: same process group, real stdin. */
    struct spawn_opts so = { NULL, foreground ? 0 : -1, foreground ? -1 : lfd, lfd, !foreground, SIGKILL };
    pid_t pid = spawn_process(av.v, &so);
    argv_free(&av);
    if (lfd >= 0)
        close(lfd);
    return pid;
}

/* Waits for the foreground child; a SIGTERM to labrun is passed on. */
static int wait_child(pid_t pid)
{
    int st = 0, told = 0;
    for (;;) {
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR))
            return st;
        if (runner_interrupted && !told) {
            kill(pid, SIGTERM);
            told = 1;
        }
        struct timespec ts = { 0, 100 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
}

int run_interactive(const struct scenario *s, struct profile *profiles, const struct interactive_config *ic)
{
    char err[300];
    pid_t pids[64] = { 0 }, labnet = 0;
    int rc = 0;
    if (s->nhosts == 0) {
        fprintf(stderr, "labrun: %s declares no host\n", s->file);
        return 1;
    }
    if (chdir(ic->artdir) < 0 || (labnet = labnet_spawn(s, ic->labnet, err, sizeof err)) < 0) {
        fprintf(stderr, "labrun: %s\n", labnet < 0 ? err : strerror(errno));
        return 1;
    }
    signal(SIGINT, SIG_IGN); /* ^C belongs to the guest console */
    for (int i = 1; i < s->nhosts && i < 64; i++) {
        struct qemu_opts o = { ic->qemu, ic->accel, SERIAL_FILE, NULL, 0 };
        pids[i] = start_qemu(s, &profiles[i], i, &o, 0);
    }
    const char *h0 = s->hosts[0].name;
    if (!ic->debug) {
        struct qemu_opts o = { ic->qemu, ic->accel, SERIAL_STDIO, NULL, 0 };
        fprintf(stderr, "labrun: console of %s on this terminal; Ctrl-a x quits, Ctrl-a c is QEMU's monitor\n", h0);
        pids[0] = start_qemu(s, &profiles[0], 0, &o, 1);
        if (pids[0] > 0)
            wait_child(pids[0]);
    } else {
        char gdbaddr[64], target[64], brk[64];
        int port = free_port();
        snprintf(gdbaddr, sizeof gdbaddr, "tcp:127.0.0.1:%d", port);
        struct qemu_opts o = { ic->qemu, ic->accel, SERIAL_SERVER, gdbaddr, 1 };
        pids[0] = start_qemu(s, &profiles[0], 0, &o, 0);
        fprintf(stderr, "labrun: %s waits stopped for gdb on 127.0.0.1:%d; its console: "
                        "socat -,raw,echo=0 UNIX-CONNECT:%s/%s.ser\n", h0, port, ic->artdir, h0);
        const char *sym = profiles[0].symbols ? profiles[0].symbols : profiles[0].kernel;
        uint64_t entry = elf_entry(sym);
        snprintf(target, sizeof target, "target remote 127.0.0.1:%d", port);
        snprintf(brk, sizeof brk, "hbreak *0x%llx", (unsigned long long)entry);
        sleep(1); /* QEMU opens the gdbstub port */
        char *gdb_argv[] = { "gdb", "-q", (char *)sym, "-ex", target, "-ex", entry ? brk : "echo",
                             "-ex", entry ? "continue" : "echo", NULL };
        struct spawn_opts so = { NULL, 0, -1, -1, 0, SIGKILL };
        pid_t g = spawn_process(gdb_argv, &so);
        if (g < 0) {
            fprintf(stderr, "labrun: cannot start gdb: %s\n", strerror(errno));
            rc = 1;
        } else {
            wait_child(g);
        }
    }
    for (int i = 0; i < s->nhosts && i < 64; i++)
        if (pids[i] > 0)
            stop_process(pids[i], 2.0);
    if (labnet > 0)
        stop_process(labnet, 1.0);
    return rc;
}
