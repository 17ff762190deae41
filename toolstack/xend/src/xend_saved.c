/* The on-disk records of managed domains (see xend_saved.h). Pure. */
#include "xend_saved.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xend_uuid_format(const xen_domain_handle_t u, char out[37])
{
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4], u[5],
             u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

bool xend_uuid_parse(const char *text, xen_domain_handle_t out)
{
    static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

    if (strlen(text) != sizeof(shape) - 1)
        return false;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == '-' ? text[i] != '-' : !isxdigit((unsigned char)text[i]))
            return false;
    for (size_t b = 0, i = 0; b < 16; b++, i += 2) {
        char two[3];

        if (text[i] == '-')
            i++;
        two[0] = text[i];
        two[1] = text[i + 1];
        two[2] = '\0';
        out[b] = (uint8_t)strtoul(two, NULL, 16);
    }
    return true;
}

char *xend_saved_text(const struct sxp *vm)
{
    char *one = sxp_format(vm, false), *text = NULL;

    if (one && asprintf(&text, "%s\n", one) < 0)
        text = NULL;
    free(one);
    return text;
}

int xend_saved_parse(const char *text, size_t len, struct sxp *doc,
                     const struct sxp **vm, char **why)
{
    struct cfg_diags d = { 0 };
    int rc = sxp_parse(text, len, XEND_SAVED_FILE, doc, &d);
    const char *name;

    cfg_diags_free(&d);
    *vm = NULL;
    *why = NULL;
    if (rc < 0 || doc->n != 1 || doc->items[0].kind != SXP_LIST ||
        !(name = sxp_name(&doc->items[0])) || strcmp(name, "vm")) {
        if (asprintf(why, "not one (vm ...) record") < 0)
            *why = NULL;
        return -EINVAL;
    }
    name = sxp_child_value(&doc->items[0], "name", NULL);
    if (!name || !*name) {
        if (asprintf(why, "the (vm ...) record has no name") < 0)
            *why = NULL;
        return -EINVAL;
    }
    *vm = &doc->items[0];
    return 0;
}

bool xend_saved_match(const xen_domain_handle_t uuid, const xc_domaininfo_t *v,
                      size_t n, uint32_t *domid)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].domain != 0 && !(v[i].flags & XEN_DOMINF_dying) &&
            !memcmp(v[i].handle, uuid, sizeof(xen_domain_handle_t))) {
            *domid = v[i].domain;
            return true;
        }
    return false;
}
