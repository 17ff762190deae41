/* Byte buffers for the decoder tests (test_unxz.c, test_unlz4.c,
 * test_lz4_block.c): files, the output of a compression tool, and
 * deterministic test data. Failures are Check assertions. */
#ifndef TESTS_BLOB_H
#define TESTS_BLOB_H
#include <stddef.h>
#include <stdint.h>

struct blob {
    uint8_t *p;                 /* malloc'ed, one spare byte past n */
    size_t n;
};

struct blob blob_read(const char *path);
/* Runs "<tool> <args>" with data on stdin; its stdout. */
struct blob blob_tool(const char *tool, const char *args, const void *data, size_t len);
void blob_append(struct blob *a, const void *p, size_t n);
struct blob blob_copy(const void *p, size_t n);
/* Deterministic pseudo-random numbers (xorshift), one sequence per run. */
uint32_t blob_rand(void);
/* n bytes of kind "random", "repeat", "far" (1 KiB of noise repeated
 * every 9 KiB), "x86" (opcode-like) or anything else (text). */
struct blob blob_data(const char *kind, size_t n);

#endif
