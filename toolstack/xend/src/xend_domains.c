/* Managed domains and their shutdown actions (see xend_domains.h). As
 * Xen 4.1's XendDomainInfo: destroy; restart (destroyed, built again
 * from the same record under the same name); preserve (left shut down
 * until xm destroy); rename-restart (the old one kept under the name
 * NAME-ID, a new one built). Each shutdown is acted on once. */
#include "xend_domains.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_log.h"
#include "xend_build.h"
#include "xend_persist.h"
#include "xend_saved.h"
#include "xend_uptime.h"
#include "xend_store.h"
#include "xend_vm.h"

struct managed {
    uint32_t domid;
    xen_domain_handle_t uuid;   /* its folder under XEND_DOMAINS_PATH */
    char *record;           /* sxp_format of the (vm ...) record */
    bool handled;           /* its shutdown was acted on (preserve) */
};

static struct managed *tab;
static size_t ntab;

static const char *const reasons[] = { "poweroff", "reboot", "suspend", "crash", "watchdog",
                                       "soft_reset" };

int xend_domains_watch(struct xend_xen *x)
{
    if (!x->xs || !xs_watch(x->xs, "@releaseDomain", "release"))
        return -1;
    return xs_fileno(x->xs);
}

void xend_domains_add(struct xend_xen *x, uint32_t domid, const struct sxp *vm)
{
    char *text = sxp_format(vm, false);
    struct managed *t = text ? realloc(tab, (ntab + 1) * sizeof(*tab)) : NULL;
    xc_domaininfo_t info;

    if (!t) {
        free(text);
        daemon_log(DLOG_ERR, (int)domid, "out of memory: its shutdown will not be handled");
        return;
    }
    tab = t;
    tab[ntab] = (struct managed){ .domid = domid, .record = text };
    /* The handle Xen keeps is the key of the record on disk. */
    if (xc_domain_getinfolist(x->xch, domid, 1, &info) == 1 && info.domain == domid) {
        char u[37];

        memcpy(tab[ntab].uuid, info.handle, sizeof(tab[ntab].uuid));
        xend_persist_save(tab[ntab].uuid, vm);
        xend_uuid_format(tab[ntab].uuid, u);
        xend_uptime_mark(x, u);
    } else {
        daemon_log(DLOG_ERR, (int)domid, "xc_domain_getinfolist: %m: its record is not kept");
    }
    ntab++;
}

static struct managed *managed(uint32_t domid)
{
    for (size_t i = 0; i < ntab; i++)
        if (tab[i].domid == domid)
            return &tab[i];
    return NULL;
}

void xend_domains_forget(uint32_t domid)
{
    struct managed *m = managed(domid);

    if (!m)
        return;
    xend_persist_drop(m->uuid);
    free(m->record);
    *m = tab[--ntab];
}

const char *xend_domains_record(uint32_t domid)
{
    struct managed *m = managed(domid);

    return m ? m->record : NULL;
}

/* The record back as a tree: the (vm ...) list itself. */
static const struct sxp *record_vm(const char *text, struct sxp *doc)
{
    struct cfg_diags d = { 0 };
    int rc = sxp_parse(text, strlen(text), "record", doc, &d);

    cfg_diags_free(&d);
    if (rc < 0 || doc->n != 1) {
        sxp_free(doc);
        return NULL;
    }
    return &doc->items[0];
}

/* Builds the record's domain again; its new ID, or 0. */
static uint32_t rebuild(struct xend_xen *x, const struct sxp *vm, const char *name)
{
    struct xend_vm_spec s;
    uint32_t domid = 0;
    char *why = NULL;

    if (xend_vm_spec_parse(vm, &s, &why) == 0) {
        if (xend_build_pvh(x, &s, &domid, &why) < 0)
            domid = 0;
        xend_vm_spec_free(&s);
    }
    if (!domid)
        daemon_log(DLOG_ERR, -1, "restart of %s failed: %s", name, why ? why : "?");
    free(why);
    return domid;
}

static void act(struct xend_xen *x, struct managed *m, unsigned reason)
{
    struct sxp doc = { 0 };
    const struct sxp *vm = record_vm(m->record, &doc);
    enum xend_action a = vm ? xend_vm_action(vm, reason) : XEND_ACT_DESTROY;
    char *name = xend_store_name(x->xs, m->domid);
    const char *label = name ? name : "?";
    uint32_t old = m->domid, fresh;

    daemon_log(DLOG_INFO, (int)old, "Domain %s (%" PRIu32 ") has shut down, reason %s: %s",
               label, old, reason < 6 ? reasons[reason] : "?", xend_action_name(a));
    switch (a) {
    case XEND_ACT_NONE:
        break;
    case XEND_ACT_PRESERVE:
        m->handled = true;
        break;
    case XEND_ACT_RENAME_RESTART: {
        char path[64], *renamed = NULL;

        snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/name", old);
        if (asprintf(&renamed, "%s-%" PRIu32, label, old) >= 0) {
            xs_write(x->xs, XBT_NULL, path, renamed, strlen(renamed));
            daemon_log(DLOG_INFO, (int)old, "kept as %s", renamed);
        }
        free(renamed);
        m->handled = true;
        if (vm && (fresh = rebuild(x, vm, label)))
            xend_domains_add(x, fresh, vm);
        break;
    }
    case XEND_ACT_DESTROY:
    case XEND_ACT_RESTART:
        xc_domain_destroy(x->xch, old);
        xend_store_remove(x->xs, old);
        xend_domains_forget(old);           /* m is gone from here on */
        if (a == XEND_ACT_RESTART && vm && (fresh = rebuild(x, vm, label))) {
            daemon_log(DLOG_INFO, (int)fresh, "Domain %s restarted as %" PRIu32, label, fresh);
            xend_domains_add(x, fresh, vm);
        }
        break;
    }
    free(name);
    sxp_free(&doc);
}

void xend_domains_event(void *ctx)
{
    struct xend_xen *x = ctx;
    char **w;

    while ((w = xs_check_watch(x->xs)))
        free(w);
    /* Backwards: an action may drop the entry it looks at, or add one. */
    for (size_t i = ntab; i-- > 0;) {
        xc_domaininfo_t info;
        uint32_t domid = tab[i].domid;

        if (i >= ntab)
            continue;
        if (xc_domain_getinfolist(x->xch, domid, 1, &info) != 1 || info.domain != domid) {
            xend_domains_forget(domid);     /* gone (destroyed by xm) */
            continue;
        }
        if ((info.flags & XEN_DOMINF_shutdown) && !tab[i].handled)
            act(x, &tab[i], (info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask);
    }
}

void xend_domains_settle(struct xend_xen *x)
{
    for (size_t i = 0; i < ntab; i++) {
        struct sxp doc = { 0 };
        const struct sxp *vm = record_vm(tab[i].record, &doc);
        xc_domaininfo_t info;
        unsigned reason;
        enum xend_action a;

        if (!vm || xc_domain_getinfolist(x->xch, tab[i].domid, 1, &info) != 1 ||
            info.domain != tab[i].domid || !(info.flags & XEN_DOMINF_shutdown)) {
            sxp_free(&doc);
            continue;
        }
        reason = (info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
        a = xend_vm_action(vm, reason);
        /* Kept shut down: what preserve and rename-restart had done. */
        if (a == XEND_ACT_PRESERVE || a == XEND_ACT_RENAME_RESTART)
            tab[i].handled = true;
        sxp_free(&doc);
    }
    if (x->xs)
        xend_domains_event(x);
}

bool xend_domains_push_devices(struct sxp *domains)
{
    for (size_t i = 1; i < domains->n; i++) {
        struct sxp *d = &domains->items[i];
        const char *id = sxp_child_value(d, "domid", NULL);
        struct managed *m = id ? managed((uint32_t)strtoul(id, NULL, 10)) : NULL;
        struct sxp doc = { 0 };
        bool ok = true;

        if (!m || !record_vm(m->record, &doc))
            continue;
        /* The parsed record is ours: its device lists move into d. */
        for (size_t k = 1; ok && k < doc.items[0].n; k++) {
            struct sxp *item = &doc.items[0].items[k];
            const char *name = sxp_name(item);

            if (name && !strcmp(name, "device"))
                ok = sxp_push_list(d, item);
        }
        sxp_free(&doc);
        if (!ok)
            return false;
    }
    return true;
}
