/* Byte buffers for the decoder tests (tests/blob.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "blob.h"

struct blob blob_read(const char *path)
{
    struct blob b = { NULL, 0 };
    FILE *f = fopen(path, "rb");
    long n;

    ck_assert_msg(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    b.n = n;
    b.p = malloc(n ? n : 1);
    ck_assert_uint_eq(fread(b.p, 1, n, f), (size_t)n);
    fclose(f);
    return b;
}

struct blob blob_tool(const char *tool, const char *args, const void *data, size_t len)
{
    char in[] = "/tmp/blob-in-XXXXXX", out[] = "/tmp/blob-out-XXXXXX", cmd[512];
    int fd = mkstemp(in), fo = mkstemp(out);
    struct blob b;

    ck_assert(fd >= 0 && fo >= 0);
    ck_assert_uint_eq(write(fd, data, len), len);
    close(fd);
    close(fo);
    snprintf(cmd, sizeof(cmd), "%s %s < %s > %s", tool, args, in, out);
    ck_assert_msg(system(cmd) == 0, "'%s' failed (is %s installed? hypervisor/deps.txt)", cmd,
                  tool);
    b = blob_read(out);
    unlink(in);
    unlink(out);
    return b;
}

void blob_append(struct blob *a, const void *p, size_t n)
{
    a->p = realloc(a->p, a->n + n + 1);
    if (n)
        memcpy(a->p + a->n, p, n);
    a->n += n;
}

struct blob blob_copy(const void *p, size_t n)
{
    struct blob b = { NULL, 0 };

    blob_append(&b, p, n);
    return b;
}

static uint64_t rng = 88172645463325252ull;

uint32_t blob_rand(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng >> 11;
}

struct blob blob_data(const char *kind, size_t n)
{
    struct blob b = { malloc(n ? n : 1), n };

    for (size_t i = 0; i < n; i++) {
        if (!strcmp(kind, "random"))
            b.p[i] = blob_rand();
        else if (!strcmp(kind, "repeat"))
            b.p[i] = "xenlab "[i % 7];
        else if (!strcmp(kind, "far"))
            b.p[i] = i % 9216 < 1024 ? b.p[i % 1024] ^ (i / 9216) : blob_rand() % 16;
        else if (!strcmp(kind, "x86")) {     /* opcodes and near/far operand bytes */
            static const uint8_t pick[] = { 0xe8, 0xe9, 0x00, 0xff, 0x00, 0xff, 0x48, 0x89 };
            b.p[i] = blob_rand() % 3 ? pick[blob_rand() % 8] : blob_rand();
        } else
            b.p[i] = "the quick brown fox jumps over the lazy dog\n"[blob_rand() % 44];
    }
    return b;
}
