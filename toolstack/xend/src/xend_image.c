/* The kernel, ramdisk, ACPI tables and start info read, planned and
 * copied into the domain (see xend_image.h). */
#include "xend_image.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Largest kernel or ramdisk file read, and largest vmlinux a bzImage may
 * unpack to (Debian's is ~60 MiB). */
#define MAX_FILE (256u << 20)

static int say(char **why, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int say(char **why, int err, const char *fmt, ...)
{
    va_list ap;

    if (!*why) {
        va_start(ap, fmt);
        if (vasprintf(why, fmt, ap) < 0)
            *why = NULL;
        va_end(ap);
    }
    return -(err ? err : EIO);
}

/* A whole regular file of at most MAX_FILE bytes, malloc'd. */
static int slurp(const char *what, const char *path, uint8_t **buf, size_t *len, char **why)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;
    size_t got = 0;

    if (fd < 0)
        return say(why, errno, "%s %s: %s", what, path, strerror(errno));
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_FILE) {
        close(fd);
        return say(why, EINVAL, "%s %s: not a regular file of at most %u MiB", what, path,
                   MAX_FILE >> 20);
    }
    *len = (size_t)st.st_size;
    *buf = malloc(*len ? *len : 1);
    while (*buf && got < *len) {
        ssize_t n = read(fd, *buf + got, *len - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (!*buf || got != *len)
        rc = say(why, *buf ? EIO : ENOMEM, "%s %s: cannot read it", what, path);
    close(fd);
    return rc;
}

int xend_image_read(const struct xend_vm_spec *s, struct xend_image *im, char **why)
{
    char msg[160];
    const char *err;
    int rc;

    memset(im, 0, sizeof(*im));
    if ((rc = slurp("kernel", s->kernel, &im->file, &im->file_len, why)))
        return rc;
    if ((rc = pvh_kernel_unpack(im->file, im->file_len, MAX_FILE, &im->kernel, msg,
                                sizeof(msg))) ||
        (rc = pvh_elf_parse(im->kernel.elf, im->kernel.len, &im->elf, msg, sizeof(msg))))
        return say(why, -rc, "kernel %s: %s", s->kernel, msg);
    if (s->ramdisk && (rc = slurp("ramdisk", s->ramdisk, &im->ramdisk, &im->ramdisk_len, why)))
        return rc;
    if (s->ramdisk && !im->ramdisk_len)
        return say(why, EINVAL, "ramdisk %s: empty", s->ramdisk);
    if ((rc = pvh_plan_make(s->memory_mib << 20, s->vcpus, im->elf.lo, im->elf.hi,
                            s->cmdline, im->ramdisk_len, &im->plan, &err)))
        return say(why, -rc, "kernel %s: %" PRIu64 " MiB: %s", s->kernel, s->memory_mib, err);
    return 0;
}

void xend_image_free(struct xend_image *im)
{
    pvh_plan_free(&im->plan);
    pvh_kernel_free(&im->kernel);
    free(im->file);
    free(im->ramdisk);
    memset(im, 0, sizeof(*im));
}

void *xend_map_guest(xenforeignmemory_handle *fmem, uint32_t domid, xen_pfn_t pfn, size_t n)
{
    xen_pfn_t *pfns = calloc(n, sizeof(*pfns));
    int *err = calloc(n, sizeof(*err));
    void *p = NULL;

    if (pfns && err) {
        for (size_t i = 0; i < n; i++)
            pfns[i] = pfn + i;
        p = xenforeignmemory_map(fmem, domid, PROT_READ | PROT_WRITE, n, pfns, err);
        for (size_t i = 0; p && i < n; i++)
            if (err[i]) {
                xenforeignmemory_unmap(fmem, p, n);
                errno = -err[i];
                p = NULL;
            }
    } else {
        errno = ENOMEM;
    }
    free(pfns);
    free(err);
    return p;
}

/* [gpa, gpa + len) of the guest mapped, cleared, and filled by fill. */
static int copy_in(xenforeignmemory_handle *fmem, uint32_t domid, uint64_t gpa, uint64_t len,
                   const char *what, char **why,
                   void (*fill)(uint8_t *at, uint64_t base, const struct xend_image *im),
                   const struct xend_image *im)
{
    xen_pfn_t first = gpa >> PVH_PAGE_SHIFT;
    size_t n = ((gpa + len + PVH_PAGE_SIZE - 1) >> PVH_PAGE_SHIFT) - first;
    uint8_t *m = xend_map_guest(fmem, domid, first, n);

    if (!m)
        return say(why, errno, "xenforeignmemory_map (%s): %s", what, strerror(errno));
    memset(m, 0, n << PVH_PAGE_SHIFT);
    fill(m, first << PVH_PAGE_SHIFT, im);
    xenforeignmemory_unmap(fmem, m, n);
    return 0;
}

/* The kernel's segments at their physical addresses, bss left zero. */
static void fill_kernel(uint8_t *at, uint64_t base, const struct xend_image *im)
{
    for (unsigned i = 0; i < im->elf.n_seg; i++) {
        const struct pvh_segment *s = &im->elf.seg[i];
        memcpy(at + (s->paddr - base), im->kernel.elf + s->offset, s->filesz);
    }
}

static void fill_ramdisk(uint8_t *at, uint64_t base, const struct xend_image *im)
{
    memcpy(at + (im->plan.out.module_gpa[0] - base), im->ramdisk, im->ramdisk_len);
}

static void fill_acpi(uint8_t *at, uint64_t base, const struct xend_image *im)
{
    memcpy(at + (PVH_ACPI_GPA - base), im->plan.acpi, im->plan.acpi_len);
}

static void fill_start_info(uint8_t *at, uint64_t base, const struct xend_image *im)
{
    uint64_t off = im->plan.out.start_info_gpa - base;

    /* Sized by the plan: cannot be short. */
    pvh_start_info_build(&im->plan, at + off, pvh_start_info_size(&im->plan));
}

int xend_image_load(xc_interface *xch, xenforeignmemory_handle *fmem, uint32_t domid,
                    const struct xend_image *im, char **why)
{
    const struct pvh_plan *p = &im->plan;
    xen_pfn_t acpi_first = PVH_ACPI_GPA >> PVH_PAGE_SHIFT;
    size_t acpi_pages = (p->acpi_len + PVH_PAGE_SIZE - 1) >> PVH_PAGE_SHIFT;
    xen_pfn_t pfns[acpi_pages];
    int rc;

    /* The tables' own pages in the hole (libxl__dom_load_acpi populates
     * them, counted in maxmem's slack). */
    for (size_t i = 0; i < acpi_pages; i++)
        pfns[i] = acpi_first + i;
    if (xc_domain_populate_physmap_exact(xch, domid, acpi_pages, 0, 0, pfns) < 0)
        return say(why, errno, "xc_domain_populate_physmap_exact (ACPI): %s", strerror(errno));
    if ((rc = copy_in(fmem, domid, im->elf.lo, im->elf.hi - im->elf.lo, "kernel", why,
                      fill_kernel, im)) ||
        (im->ramdisk && (rc = copy_in(fmem, domid, p->out.module_gpa[0], im->ramdisk_len,
                                      "ramdisk", why, fill_ramdisk, im))) ||
        (rc = copy_in(fmem, domid, PVH_ACPI_GPA, p->acpi_len, "ACPI tables", why,
                      fill_acpi, im)) ||
        (rc = copy_in(fmem, domid, p->out.start_info_gpa, pvh_start_info_size(p),
                      "start info", why, fill_start_info, im)))
        return rc;
    return 0;
}
