/* The managed domains' records on disk (see xend_persist.h). */
#include "xend_persist.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon_log.h"
#include "xend_domains.h"
#include "xend_saved.h"

/* Domains asked of Xen at once when matching records. */
#define MATCH_BATCH 1024

static void dir_of(const xen_domain_handle_t uuid, char *out, size_t len)
{
    char u[37];

    xend_uuid_format(uuid, u);
    snprintf(out, len, "%s/%s", XEND_DOMAINS_PATH, u);
}

/* mkdir -p for XEND_DOMAINS_PATH/<uuid>; root only (0700), as the
 * records name kernels and disks. */
static int make_dirs(const char *dir)
{
    char p[256];

    snprintf(p, sizeof(p), "%s", dir);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            if (mkdir(p, 0755) < 0 && errno != EEXIST)
                return -1;
            *s = '/';
        }
    return mkdir(p, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

void xend_persist_save(const xen_domain_handle_t uuid, const struct sxp *vm)
{
    char dir[256], tmp[320], path[320];
    char *text = xend_saved_text(vm);
    FILE *f = NULL;
    int ok = 0;

    dir_of(uuid, dir, sizeof(dir));
    snprintf(tmp, sizeof(tmp), "%s/%s.tmp", dir, XEND_SAVED_FILE);
    snprintf(path, sizeof(path), "%s/%s", dir, XEND_SAVED_FILE);
    if (text && make_dirs(dir) == 0 && (f = fopen(tmp, "we"))) {
        ok = fputs(text, f) >= 0;
        ok = (fclose(f) == 0) && ok && rename(tmp, path) == 0;
    }
    if (!ok) {
        daemon_log(DLOG_ERR, -1, "%s: %s: a restarted xend will not know this domain",
                   path, text ? strerror(errno) : "out of memory");
        unlink(tmp);
    }
    free(text);
}

static void drop_dir(const char *dir)
{
    char path[320];

    snprintf(path, sizeof(path), "%s/%s", dir, XEND_SAVED_FILE);
    if (unlink(path) < 0 && errno != ENOENT)
        daemon_log(DLOG_WARN, -1, "%s: %m", path);
    snprintf(path, sizeof(path), "%s/%s.tmp", dir, XEND_SAVED_FILE);
    unlink(path);
    if (rmdir(dir) < 0 && errno != ENOENT)
        daemon_log(DLOG_WARN, -1, "%s: %m", dir);
}

void xend_persist_drop(const xen_domain_handle_t uuid)
{
    char dir[256];

    dir_of(uuid, dir, sizeof(dir));
    drop_dir(dir);
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "re");
    char *text = NULL, *t;
    size_t cap = 0, got;

    *len = 0;
    if (!f)
        return NULL;
    do {
        if (*len == cap) {
            if (!(t = realloc(text, cap + 4096))) {
                free(text);
                text = NULL;
                break;
            }
            text = t;
            cap += 4096;
        }
        got = fread(text + *len, 1, cap - *len, f);
        *len += got;
    } while (got);
    fclose(f);
    return text;
}

/* The record in dir taken on again when its domain runs; false when it
 * is to be dropped. */
static bool restore_one(struct xend_xen *x, const char *dir, const xen_domain_handle_t uuid,
                        const xc_domaininfo_t *v, size_t n)
{
    char path[320], vmpath[64], u[37], *why = NULL, *vmnode;
    struct sxp doc = { 0 };
    const struct sxp *vm;
    uint32_t domid;
    unsigned int l;
    size_t len;
    char *text;
    bool found = false;

    xend_uuid_format(uuid, u);
    snprintf(path, sizeof(path), "%s/%s", dir, XEND_SAVED_FILE);
    snprintf(vmpath, sizeof(vmpath), "/vm/%s/uuid", u);
    text = read_all(path, &len);
    if (!text) {
        daemon_log(DLOG_WARN, -1, "%s: %m: record dropped", path);
        return false;
    }
    if (xend_saved_parse(text, len, &doc, &vm, &why) < 0) {
        daemon_log(DLOG_WARN, -1, "%s: %s: record dropped", path, why ? why : "?");
    } else if (!xend_saved_match(uuid, v, n, &domid)) {
        daemon_log(DLOG_INFO, -1, "domain %s (%s) is gone: record dropped",
                   sxp_child_value(vm, "name", "?"), u);
    } else if (!x->xs || !(vmnode = xs_read(x->xs, XBT_NULL, vmpath, &l))) {
        daemon_log(DLOG_WARN, (int)domid, "domain %" PRIu32 " has no %s: not taken on again",
                   domid, vmpath);
    } else {
        free(vmnode);
        daemon_log(DLOG_INFO, (int)domid, "found domain %s (id %" PRIu32 ") again",
                   sxp_child_value(vm, "name", "?"), domid);
        xend_domains_add(x, domid, vm);
        found = true;
    }
    free(why);
    free(text);
    sxp_free(&doc);
    return found;
}

unsigned xend_persist_restore(struct xend_xen *x)
{
    DIR *d;
    xc_domaininfo_t *v = NULL;
    struct dirent *e;
    unsigned found = 0;
    int n;

    /* Made at start, as Xen 4.1's xend made it, so that the first domain
     * does not leave behind a folder dom0 did not have. */
    if (make_dirs(XEND_DOMAINS_PATH) < 0)
        daemon_log(DLOG_ERR, -1, "%s: %m: managed domains will not be kept", XEND_DOMAINS_PATH);
    if (!(d = opendir(XEND_DOMAINS_PATH)))
        return 0;
    v = calloc(MATCH_BATCH, sizeof(*v));
    n = v ? xc_domain_getinfolist(x->xch, 0, MATCH_BATCH, v) : -1;
    if (n < 0) {
        /* Without Xen's list nothing can be told apart: keep every record. */
        daemon_log(DLOG_ERR, -1, "xc_domain_getinfolist: %m: managed domains not restored");
        free(v);
        closedir(d);
        return 0;
    }
    while ((e = readdir(d))) {
        xen_domain_handle_t uuid;
        char dir[256];

        if (!xend_uuid_parse(e->d_name, uuid))
            continue;
        dir_of(uuid, dir, sizeof(dir));
        if (restore_one(x, dir, uuid, v, (size_t)n))
            found++;
        else
            drop_dir(dir);
    }
    closedir(d);
    free(v);
    return found;
}
