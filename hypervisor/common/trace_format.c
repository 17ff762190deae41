/* Trace record encoding (pure: also tested on the host). */
#include <xen/trace.h>
#include <xen/string.h>
#include <xen/vsprintf.h>

static const char *const class_names[TRC_NR_CLASSES] = {
    [TRC_BOOT] = "boot", [TRC_HCALL] = "hcall", [TRC_VMEXIT] = "vmexit",
    [TRC_SCHED] = "sched", [TRC_IRQ] = "irq", [TRC_KEY] = "key",
    [TRC_POWER] = "power", [TRC_GCOV] = "gcov", [TRC_BENCH] = "bench",
    [TRC_DOM] = "dom",
};

const char *trace_class_name(enum trace_class c)
{
    return (unsigned)c < TRC_NR_CLASSES ? class_names[c] : "?";
}

static int class_by_name(const char *s, size_t n)
{
    for (int c = 0; c < TRC_NR_CLASSES; c++)
        if (strlen(class_names[c]) == n && !strncmp(class_names[c], s, n))
            return c;
    return -1;
}

int trace_parse_classes(const char *s, uint32_t *mask)
{
    uint32_t m = 0;

    if (!strcmp(s, "all")) {
        *mask = TRC_MASK_ALL;
        return 0;
    }
    if (!strcmp(s, "none")) {
        *mask = 0;
        return 0;
    }
    while (*s) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        int c = class_by_name(s, n);

        if (c < 0)
            return -1;
        m |= 1u << c;
        s += n + (comma ? 1 : 0);
        if (comma && !*s)
            return -1;
    }
    if (!m)
        return -1;
    *mask = m;
    return 0;
}

int trace_parse_full(const char *s, bool *drop)
{
    if (!strcmp(s, "wait") || !strcmp(s, "drop")) {
        *drop = s[0] == 'd';
        return 0;
    }
    return -1;
}

size_t trace_format(char *buf, size_t size, uint64_t seq, s_time_t ns,
                    unsigned int cpu, enum trace_class c, const char *event,
                    const char *kv)
{
    int n;

    if (size < 2)
        return 0;
    n = snprintf(buf, size - 1, "%llu %lld %u %s %s%s%s",
                 (unsigned long long)seq, (long long)ns, cpu,
                 trace_class_name(c), event, kv && *kv ? " " : "",
                 kv ? kv : "");
    if (n < 0)
        n = 0;
    if ((size_t)n > size - 2)
        n = (int)size - 2;
    /* One record, one line: nothing a regex or the host tool could misread. */
    for (int i = 0; i < n; i++)
        if (buf[i] < 0x20 || buf[i] > 0x7e)
            buf[i] = '?';
    buf[n] = '\n';
    buf[n + 1] = '\0';
    return (size_t)n + 1;
}
