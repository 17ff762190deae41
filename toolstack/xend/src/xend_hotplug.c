/* Hotplug scripts run by xend (see xend_hotplug.h). */
#include "xend_hotplug.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "daemon_log.h"
#include "xend_vdev.h"

#define OUT_MAX 8192
#define ENV_MAX 16

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void child(const char *const argv[], const char *const env[], int out)
{
    const char *envp[ENV_MAX + 2] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin" };
    size_t n = 1;
    sigset_t none;
    int null = open("/dev/null", O_RDONLY);

    /* Its own process group, so a timeout kills what it started too;
     * xend's blocked signals and ignored SIGPIPE are not the script's. */
    setpgid(0, 0);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    if (null >= 0)
        dup2(null, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    for (size_t i = 0; env && env[i] && n < ENV_MAX + 1; i++)
        envp[n++] = env[i];
    envp[n] = NULL;
    execve(argv[0], (char *const *)argv, (char *const *)envp);
    dprintf(STDERR_FILENO, "%s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* The last non-empty line of text, malloc'd. */
static char *last_line(char *text, size_t len)
{
    while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
        len--;
    text[len] = '\0';
    char *nl = strrchr(text, '\n');
    return len ? strdup(nl ? nl + 1 : text) : NULL;
}

int xend_hotplug_run(const char *const argv[], const char *const env[], char **out)
{
    char *buf = malloc(OUT_MAX + 1);
    size_t len = 0;
    int fds[2], status = 0, rc;
    long long deadline = now_ms() + XEND_HOTPLUG_TIMEOUT_S * 1000LL;
    pid_t pid;
    bool exited = false, killed = false;

    *out = NULL;
    if (!buf || pipe2(fds, O_CLOEXEC) < 0) {
        free(buf);
        return -errno;
    }
    pid = fork();
    if (pid < 0) {
        rc = -errno;
        close(fds[0]);
        close(fds[1]);
        free(buf);
        return rc;
    }
    if (pid == 0)
        child(argv, env, fds[1]);
    close(fds[1]);
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    /* Read until it exits (a daemon it left behind may keep the pipe). */
    for (;;) {
        struct pollfd p = { .fd = fds[0], .events = POLLIN };
        ssize_t r;

        if (poll(&p, 1, 50) > 0) {
            char scratch[512];
            char *dst = len < OUT_MAX ? buf + len : scratch;
            size_t room = len < OUT_MAX ? OUT_MAX - len : sizeof(scratch);
            if ((r = read(fds[0], dst, room)) > 0 && dst != scratch)
                len += (size_t)r;
        }
        if (!exited && waitpid(pid, &status, WNOHANG) == pid)
            exited = true;
        if (exited) {
            while (len < OUT_MAX && (r = read(fds[0], buf + len, OUT_MAX - len)) > 0)
                len += (size_t)r;
            break;
        }
        if (!killed && now_ms() > deadline) {
            kill(-pid, SIGKILL);
            killed = true;
        }
    }
    close(fds[0]);
    buf[len] = '\0';
    if (len)
        daemon_log(DLOG_DEBUG, -1, "%s %s: %s", argv[0], argv[1] ? argv[1] : "", buf);
    *out = last_line(buf, len);
    free(buf);
    if (killed)
        return -ETIMEDOUT;
    if (WIFSIGNALED(status))
        return -EINTR;
    return WEXITSTATUS(status);
}

void xend_hotplug_network(const struct xend_script *s, const char *op)
{
    const char *argv[18];
    char *path, *msg;
    size_t n = 0;
    int rc;

    if (!s->name || !*s->name)
        return;
    path = xend_script_path(s->name);
    if (!path)
        return;
    argv[n++] = path;
    argv[n++] = op;
    for (size_t i = 0; i < s->n_args && n < 17; i++)
        argv[n++] = s->args[i];
    argv[n] = NULL;
    rc = xend_hotplug_run(argv, NULL, &msg);
    if (rc)
        daemon_log(DLOG_ERR, -1, "network-script %s %s failed (%s): %s", s->name, op,
                   rc < 0 ? strerror(-rc) : "non-zero exit", msg ? msg : "no message");
    else
        daemon_log(DLOG_INFO, -1, "network-script %s %s: done", s->name, op);
    free(msg);
    free(path);
}
