#include "daemon_start.h"

#include <signal.h>
#include <stdio.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "daemon_log.h"

int daemon_signals_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

void daemon_write_pid_file(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		daemon_log(DLOG_ERR, -1, "pid file %s: %m", path);
		return;
	}
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
}
