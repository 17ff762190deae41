/* A minimal synchronous QMP client over QEMU's unix socket. */
#ifndef HARNESS_QMP_H
#define HARNESS_QMP_H

/* Connects to path (retrying until deadline, a now_mono() time), reads the
 * greeting and negotiates capabilities. Returns the fd or -1 with err set. */
int qmp_connect(const char *path, double deadline, char *err, int errlen);
/* Runs one command; args is a JSON object or NULL. Returns 0 with the
 * reply line in *reply (new string), or -1 with err set (QMP's error or a
 * transport problem; *reply holds the reply when there was one). */
int qmp_execute(int fd, const char *cmd, const char *args, double deadline, char **reply,
                char *err, int errlen);

#endif
