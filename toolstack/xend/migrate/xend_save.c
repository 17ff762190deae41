/* xm save / xm restore (see xend_save.h): a save stream to and from a
 * file of dom0's, through stream_send.c and stream_receive.c. */
#include "xend_save.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daemon_log.h"
#include "xend_clock.h"
#include "stream_receive.h"
#include "stream_send.h"
#include "xend_domains.h"
#include "xend_errors.h"
#include "xend_store.h"

static int file_write(void *ctx, const void *buf, size_t len)
{
    return fwrite(buf, 1, len, ctx) == len ? 0 : -(errno ? errno : EIO);
}

static int file_read(void *ctx, void *buf, size_t len)
{
    if (fread(buf, 1, len, ctx) == len)
        return 0;
    return ferror((FILE *)ctx) ? -(errno ? errno : EIO) : -EPIPE;
}

int xend_xen_save(struct xend_xen *x, const struct xend_request *req,
                  struct sxp *out, char **why, const char **subject)
{
    const char *want = req->domains[0], *file = req->args[0], *record;
    struct ss_writer w = { file_write, NULL, 0 };
    struct stream_send_stats st;
    struct timespec t0;
    uint32_t domid;
    char *name, *tmp = NULL;
    FILE *f;
    int rc = xend_xen_find_domain(x, want, &domid, why, subject);

    if (rc)
        return rc;
    if (domid == 0)
        return xend_say(why, EPERM, "Cannot save privileged domain %s", want);
    if (!(record = xend_domains_record(domid)))
        return xend_say(why, EOPNOTSUPP, "domain %s was not created by this xend: "
                        "its configuration is unknown", want);
    if (file[0] != '/')
        return xend_say(why, EINVAL, "save: the file name must be absolute: %s", file);
    /* Written aside and renamed at the end: a failed save leaves no file. */
    if (asprintf(&tmp, "%s.tmp-xend", file) < 0)
        return -ENOMEM;
    if (!(f = fopen(tmp, "wbx"))) {
        rc = xend_say(why, errno, "%s: %s", tmp, strerror(errno));
        free(tmp);
        return rc;
    }
    name = xend_store_name(x->xs, domid);
    w.ctx = f;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    daemon_log(DLOG_INFO, (int)domid, "saving domain %s to %s", name ? name : want, file);
    rc = stream_send(x, domid, name ? name : want, record, false, &w, &st, why);
    if (fclose(f) && !rc)
        rc = xend_say(why, errno, "%s: %s", tmp, strerror(errno));
    if (!rc && rename(tmp, file) < 0)
        rc = xend_say(why, errno, "rename to %s: %s", file, strerror(errno));
    if (rc) {
        unlink(tmp);
        daemon_log(DLOG_ERR, (int)domid, "save of %s failed: %s", name ? name : want,
                   *why ? *why : "?");
        if (st.suspended)
            stream_send_resume(x, domid);
        goto out;
    }
    daemon_log(DLOG_INFO, (int)domid, "saved domain %s: %" PRIu64 " pages, %" PRIu64
               " bytes in %ld ms", name ? name : want, st.pages, w.bytes, xend_ms_since(&t0));
    if (xend_xen_destroy_domid(x, domid) < 0)
        daemon_log(DLOG_ERR, (int)domid, "xc_domain_destroy after the save: %m");
    rc = sxp_list_new(out, "domain") && sxp_push_int(out, "domid", domid) &&
         sxp_push_pair(out, "name", name ? name : want) &&
         sxp_push_int(out, "bytes", (long long)w.bytes) ? 0 : -ENOMEM;
out:
    free(name);
    free(tmp);
    return rc;
}

int xend_xen_restore(struct xend_xen *x, const struct xend_request *req,
                     struct sxp *out, char **why)
{
    const char *file = req->args[0];
    struct stream_receive sr = { .source = file };
    struct ss_reader r;
    FILE *f;
    int rc;

    if (file[0] != '/')
        return xend_say(why, EINVAL, "restore: the file name must be absolute: %s", file);
    if (!(f = fopen(file, "rb")))
        return xend_say(why, errno, "%s: %s", file, strerror(errno));
    ss_reader_init(&r, file_read, f);
    rc = stream_receive(x, &r, &sr, why);
    if (rc == 0)
        rc = sxp_list_new(out, "domain") && sxp_push_int(out, "domid", sr.domid) &&
             sxp_push_pair(out, "name", sr.name) ? 0 : -ENOMEM;
    ss_reader_free(&r);
    fclose(f);
    return rc;
}
