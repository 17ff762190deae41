/* A small save stream for fuzz_stream's corpus, written by the encoder
 * itself: one record of each type, one page of data and one zero page.
 *   stream-seed FILE */
#include <stdio.h>
#include <string.h>

#include "save_stream.h"

static int file_write(void *ctx, const void *buf, size_t len)
{
    return fwrite(buf, 1, len, ctx) == len ? 0 : -1;
}

int main(int argc, char **argv)
{
    static const char config[] = "(vm (name seed) (memory 16) (vcpus 1))";
    static const char context[] = "hvm context";
    static unsigned char page[SS_PAGE_SIZE];
    struct ss_header h = { SS_VERSION, SS_DOMAIN_PVH, 1, SS_PAGE_SHIFT, 0x100, 17408,
                           { 1, 2, 3 }, config, sizeof(config) - 1 };
    uint64_t pfn[2] = { 1, 2 | (uint64_t)SS_PAGE_ZERO << 60 };
    struct ss_param p[1] = { { 1, 0xfeffc } };
    struct ss_tsc_info t = { 0, 1000000, 1, 1 };
    const char *path[1] = { "data/x" }, *value[1] = { "1" };
    uint32_t vlen[1] = { 1 };
    FILE *f;
    struct ss_writer w;
    int rc;

    if (argc != 2 || !(f = fopen(argv[1], "wb")))
        return 2;
    memset(page, 0x42, sizeof(page));
    w = (struct ss_writer){ file_write, f, 0 };
    rc = ss_write_magic(&w) || ss_write_header(&w, &h) || ss_write_pages(&w, pfn, 2, page) ||
         ss_write_record(&w, SS_HVM_CONTEXT, context, sizeof(context)) ||
         ss_write_params(&w, p, 1) || ss_write_tsc_info(&w, &t) ||
         ss_write_xenstore(&w, path, value, vlen, 1) || ss_write_end(&w);
    return fclose(f) || rc;
}
