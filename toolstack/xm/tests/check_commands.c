/* xm create, destroy and dmesg as the user runs them: the xm binary
 * (XM_BIN) against check_client.c's stand-in xend. What it proves: the
 * request each sends, xm 4.1's messages and statuses, a config error
 * refused with file:line:key before xend is asked, xm console's copy
 * both ways until Ctrl-]. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "check_xm.h"

/* Runs XM_BIN with args (in dir, so bare config names are found there);
 * stdout and stderr into out. Returns the exit status. */
static int xm(const char *args, char *out, size_t len)
{
    char cmd[512];
    FILE *p;
    size_t n;
    int st;

    snprintf(cmd, sizeof(cmd), "cd %s && %s %s 2>&1", dir, XM_BIN, args);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    n = fread(out, 1, len - 1, p);
    out[n] = '\0';
    st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_file(const char *name, const char *text)
{
    char path[128];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* The request the stand-in got, or "" when nobody connected. */
static const char *request(void)
{
    static char buf[4096];
    char path[128];
    FILE *f;
    size_t n = 0;

    snprintf(path, sizeof(path), "%s/request", dir);
    if ((f = fopen(path, "r"))) {
        n = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
    }
    buf[n] = '\0';
    return buf;
}

START_TEST(test_create)
{
    char out[2048];
    pid_t s = serve_once("(ok (domain (domid 5) (name xv)))\n", 0600);

    write_file("xv", "name = 'xv'\nkernel = '/k'\nmemory = 16\nextra = 'quiet'\n");
    ck_assert_int_eq(xm("create xv vcpus=2", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "Using config file \"xv\".\nStarted domain xv (id=5)\n");
    waitpid(s, NULL, 0);
    ck_assert_ptr_nonnull(strstr(request(), "(create (vm (name xv) (memory 16)"));
    ck_assert_ptr_nonnull(strstr(request(), "(vcpus 2)"));
    ck_assert_ptr_nonnull(strstr(request(), "(kernel /k)"));
    ck_assert_ptr_nonnull(strstr(request(), "(args quiet)"));
    unlink(sock);
}
END_TEST

START_TEST(test_create_refusals)
{
    char out[2048];

    /* No xend listens: these must not need one. */
    write_file("bad", "name = 'bad'\nkernel = '/k'\nmemory = 'lots'\n");
    ck_assert_int_eq(xm("create bad", out, sizeof(out)), 1);
    ck_assert_ptr_nonnull(strstr(out, "bad:3: key 'memory': expected an integer (MiB), got 'lots'"));
    ck_assert_ptr_null(strstr(out, "Unable to connect"));
    ck_assert_int_eq(xm("create nosuch-config", out, sizeof(out)), 1);
    ck_assert_str_eq(out, "Error: Unable to open config file: nosuch-config\n");
    ck_assert_int_eq(xm("create -c bad", out, sizeof(out)), 1);
    ck_assert_ptr_nonnull(strstr(out, "bad:3: key 'memory'"));
    ck_assert_int_eq(xm("create", out, sizeof(out)), 1);
    ck_assert_ptr_nonnull(strstr(out, "Usage: xm create"));
    ck_assert_str_eq(request(), "");
}
END_TEST

START_TEST(test_create_error_from_xend)
{
    char out[2048];
    pid_t s = serve_once("(error EEXIST 'Domain \\'xv\\' already exists with ID \\'1\\'')\n", 0600);

    write_file("xv", "name = 'xv'\nkernel = '/k'\n");
    ck_assert_int_eq(xm("create xv", out, sizeof(out)), 1);
    ck_assert_ptr_nonnull(strstr(out, "Error: Domain 'xv' already exists with ID '1'\n"));
    waitpid(s, NULL, 0);
    unlink(sock);
}
END_TEST

START_TEST(test_destroy)
{
    char out[1024];
    pid_t s = serve_once("(error ESRCH 'Domain \\'xv\\' does not exist.' xv)\n", 0600);

    ck_assert_int_eq(xm("destroy xv", out, sizeof(out)), 3);
    ck_assert_str_eq(out, "Error: Domain 'xv' does not exist.\n");
    waitpid(s, NULL, 0);
    ck_assert_str_eq(request(), "(destroy xv)\n");
    unlink(sock);
    s = serve_once("(ok (domain (domid 1) (name xv)))\n", 0600);
    ck_assert_int_eq(xm("destroy 1", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "");
    waitpid(s, NULL, 0);
    ck_assert_str_eq(request(), "(destroy 1)\n");
    ck_assert_int_eq(xm("destroy", out, sizeof(out)), 1);
    ck_assert_ptr_nonnull(strstr(out, "Usage: xm destroy"));
}
END_TEST

START_TEST(test_pause_unpause)
{
    char out[1024];
    pid_t s = serve_once("(ok (domain (domid 2) (name xv)))\n", 0600);

    ck_assert_int_eq(xm("pause xv", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "");
    waitpid(s, NULL, 0);
    ck_assert_str_eq(request(), "(pause xv)\n");
    unlink(sock);
    s = serve_once("(error EINVAL 'xc_domain_unpause: Invalid argument')\n", 0600);
    ck_assert_int_eq(xm("unpause 2", out, sizeof(out)), 1);
    ck_assert_str_eq(out, "Error: xc_domain_unpause: Invalid argument\n");
    waitpid(s, NULL, 0);
    ck_assert_str_eq(request(), "(unpause 2)\n");
    unlink(sock);
    s = serve_once("(error ESRCH 'Domain \\'nx\\' does not exist.' nx)\n", 0600);
    ck_assert_int_eq(xm("pause nx", out, sizeof(out)), 3);
    waitpid(s, NULL, 0);
    ck_assert_int_eq(xm("unpause", out, sizeof(out)), 1);
    ck_assert_ptr_nonnull(strstr(out, "Usage: xm unpause"));
}
END_TEST

START_TEST(test_shutdown_reboot)
{
    char out[1024];
    pid_t s = serve_once("(ok (domain (domid 3) (name off)))\n", 0600);

    ck_assert_int_eq(xm("shutdown off", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "");
    waitpid(s, NULL, 0);
    ck_assert_str_eq(request(), "(shutdown off)\n");
    unlink(sock);
    s = serve_once("(error EPERM 'Cannot reboot privileged domain 0')\n", 0600);
    ck_assert_int_eq(xm("reboot 0", out, sizeof(out)), 1);
    ck_assert_str_eq(out, "Error: Cannot reboot privileged domain 0\n");
    waitpid(s, NULL, 0);
    ck_assert_str_eq(request(), "(reboot 0)\n");
    ck_assert_int_eq(xm("shutdown -w", out, sizeof(out)), 1);
    ck_assert_ptr_nonnull(strstr(out, "Usage: xm shutdown"));
    ck_assert_int_eq(xm("reboot -x dom", out, sizeof(out)), 1);
}
END_TEST

START_TEST(test_dmesg)
{
    char out[1024];
    pid_t s = serve_once("(ok (dmesg '(XEN) one\\n(d1) Test result: SUCCESS'))\n", 0600);

    ck_assert_int_eq(xm("dmesg -c", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "(XEN) one\n(d1) Test result: SUCCESS\n");
    waitpid(s, NULL, 0);
    ck_assert_str_eq(request(), "(dmesg clear)\n");
    unlink(sock);
    s = serve_once("(ok (dmesg ''))\n", 0600);
    ck_assert_int_eq(xm("dmesg", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "");
    waitpid(s, NULL, 0);
    ck_assert_str_eq(request(), "(dmesg)\n");
    ck_assert_int_eq(xm("dmesg -x", out, sizeof(out)), 1);
}
END_TEST

/* xm console: the pty xend names, the guest's output shown, the user's
 * keys sent up to Ctrl-] (0x1d), which leaves with status 0 and is not
 * sent; a missing domain as xm 4.1 (status 3, or 1 and silent with -q). */
START_TEST(test_console)
{
    char out[2048], reply[256], cmd[512], got[64] = "";
    struct termios t;
    int master = posix_openpt(O_RDWR | O_NOCTTY), slave;
    ssize_t n;
    FILE *p;

    ck_assert_int_ge(master, 0);
    ck_assert_int_eq(grantpt(master), 0);
    ck_assert_int_eq(unlockpt(master), 0);
    slave = open(ptsname(master), O_RDWR | O_NOCTTY);      /* as xenconsoled keeps it */
    ck_assert_int_ge(slave, 0);
    tcgetattr(slave, &t);
    cfmakeraw(&t);
    tcsetattr(slave, TCSANOW, &t);
    ck_assert_int_eq(write(master, "guest says hi\n", 14), 14);
    snprintf(reply, sizeof(reply), "(ok (console (domid 5) (name xv) (tty %s)))\n",
             ptsname(master));
    pid_t s = serve_once(reply, 0600);
    snprintf(cmd, sizeof(cmd), "cd %s && (sleep 1; printf 'ls\\035not sent') | %s console xv 2>&1",
             dir, XM_BIN);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    n = (ssize_t)fread(out, 1, sizeof(out) - 1, p);
    out[n] = '\0';
    ck_assert_int_eq(WEXITSTATUS(pclose(p)), 0);
    waitpid(s, NULL, 0);
    ck_assert_str_eq(request(), "(console xv)\n");
    ck_assert_str_eq(out, "guest says hi\n");
    fcntl(master, F_SETFL, O_NONBLOCK);
    n = read(master, got, sizeof(got) - 1);
    ck_assert_int_eq(n, 2);
    ck_assert_mem_eq(got, "ls", 2);
    unlink(sock);

    /* From a terminal: keys typed before xm attached still go to the
     * guest (the raw mode does not flush them), up to Ctrl-]. */
    int kbd = posix_openpt(O_RDWR | O_NOCTTY);
    ck_assert_int_ge(kbd, 0);
    ck_assert_int_eq(grantpt(kbd), 0);
    ck_assert_int_eq(unlockpt(kbd), 0);
    int kbd_slave = open(ptsname(kbd), O_RDWR | O_NOCTTY);
    ck_assert_int_ge(kbd_slave, 0);
    ck_assert_int_eq(write(kbd, "pwd\035", 4), 4);
    s = serve_once(reply, 0600);
    snprintf(cmd, sizeof(cmd), "cd %s && %s console xv < %s 2>&1", dir, XM_BIN, ptsname(kbd));
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    n = (ssize_t)fread(out, 1, sizeof(out) - 1, p);
    ck_assert_int_eq(WEXITSTATUS(pclose(p)), 0);
    waitpid(s, NULL, 0);
    n = read(master, got, sizeof(got) - 1);
    ck_assert_int_eq(n, 3);
    ck_assert_mem_eq(got, "pwd", 3);
    close(kbd_slave);
    close(kbd);
    close(slave);
    close(master);
    unlink(sock);

    s = serve_once("(error ESRCH 'Domain \\'nosuch\\' does not exist.' nosuch)\n", 0600);
    ck_assert_int_eq(xm("console nosuch", out, sizeof(out)), 3);
    ck_assert_str_eq(out, "Error: Domain 'nosuch' does not exist.\n");
    waitpid(s, NULL, 0);
    unlink(sock);
    s = serve_once("(error ESRCH 'Domain \\'nosuch\\' does not exist.' nosuch)\n", 0600);
    ck_assert_int_eq(xm("console -q nosuch", out, sizeof(out)), 1);
    ck_assert_str_eq(out, "");
    waitpid(s, NULL, 0);
    unlink(sock);
    ck_assert_int_eq(xm("console", out, sizeof(out)), 1);
    ck_assert_ptr_nonnull(strstr(out, "Usage: xm console"));
}
END_TEST

TCase *commands_tcase(void)
{
    TCase *tc = tcase_create("commands");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_create);
    tcase_add_test(tc, test_create_refusals);
    tcase_add_test(tc, test_create_error_from_xend);
    tcase_add_test(tc, test_console);
    tcase_add_test(tc, test_destroy);
    tcase_add_test(tc, test_pause_unpause);
    tcase_add_test(tc, test_shutdown_reboot);
    tcase_add_test(tc, test_dmesg);
    return tc;
}
