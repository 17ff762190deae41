/* Small helpers shared by labrun and labnet: checked allocation, a growable
 * string buffer, monotonic time. */
#ifndef HARNESS_UTIL_H
#define HARNESS_UTIL_H
#include <stddef.h>
#include <stdarg.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A NUL-terminated byte buffer that grows as needed. */
struct strbuf {
    char *buf;
    size_t len, cap;
};
void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Hands the buffer to the caller (never NULL) and empties sb. */
char *sb_steal(struct strbuf *sb);

/* Seconds on the monotonic clock. */
double now_mono(void);

/* mkdir -p; 0 or -1 with errno set. */
int mkdir_p(const char *path);
/* rm -rf, best effort. */
void rm_tree(const char *path);

/* Diagnostic in "file:line: message" form, filled by the parsers. */
struct diag {
    char msg[512];
};
void diag_set(struct diag *d, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
