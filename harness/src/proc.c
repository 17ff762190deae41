#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void child_setup(const struct spawn_opts *so, pid_t parent)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < NSIG; s++)
        if (s != SIGKILL && s != SIGSTOP)
            signal(s, SIG_DFL);
    if (so->own_group)
        setpgid(0, 0);
    if (so->deathsig) {
        prctl(PR_SET_PDEATHSIG, so->deathsig);
        if (getppid() != parent) /* the parent died before prctl */
            _exit(127);
    }
    int in = so->in_fd >= 0 ? so->in_fd : open("/dev/null", O_RDONLY);
    if (in >= 0 && in != 0)
        dup2(in, 0);
    if (so->out_fd >= 0 && so->out_fd != 1)
        dup2(so->out_fd, 1);
    if (so->err_fd >= 0 && so->err_fd != 2)
        dup2(so->err_fd, 2);
    if (so->cwd && chdir(so->cwd) < 0) {
        fprintf(stderr, "chdir %s: %s\n", so->cwd, strerror(errno));
        _exit(127);
    }
}

pid_t spawn_process(char *const argv[], const struct spawn_opts *so)
{
    pid_t parent = getpid();
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        child_setup(so, parent);
        execvp(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    /* Also from the parent side, so the group exists before we signal it. */
    if (so->own_group)
        setpgid(pid, pid);
    return pid;
}

int stop_process(pid_t pid, double grace)
{
    int status;
    if (pid <= 0)
        return -1;
    kill(-pid, SIGTERM);
    kill(pid, SIGTERM);
    double end = now_mono() + grace;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            break;
        if (r < 0) {
            kill(-pid, SIGKILL);
            return -1;
        }
        if (now_mono() >= end) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            if (waitpid(pid, &status, 0) != pid)
                return -1;
            break;
        }
        struct timespec ts = { 0, 20 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    /* Anything QEMU left in its group goes too. */
    kill(-pid, SIGKILL);
    return status;
}
