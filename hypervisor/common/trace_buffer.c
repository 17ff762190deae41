/* Per-CPU trace record rings and their merge in sequence order (pure: also
 * tested on the host). One producer per ring (its CPU, interrupts off) and
 * one consumer at a time (the flusher): the producer publishes with a
 * release store of head, the consumer frees space with one of tail. */
#include <xen/trace.h>
#include <xen/string.h>

#define MASK (TRACE_BUF_SIZE - 1)

struct rec_hdr {
    uint64_t seq;
    uint32_t len;
    uint32_t pad;
};

static void ring_write(struct trace_buf *b, uint64_t at, const void *src, size_t n)
{
    size_t off = at & MASK, first = MIN(n, TRACE_BUF_SIZE - off);

    memcpy(b->data + off, src, first);
    memcpy(b->data, (const char *)src + first, n - first);
}

static void ring_read(const struct trace_buf *b, uint64_t at, void *dst, size_t n)
{
    size_t off = at & MASK, first = MIN(n, TRACE_BUF_SIZE - off);

    memcpy(dst, b->data + off, first);
    memcpy((char *)dst + first, b->data, n - first);
}

size_t trace_buf_used(const struct trace_buf *b)
{
    return (size_t)(b->head - __atomic_load_n(&b->tail, __ATOMIC_ACQUIRE));
}

bool trace_buf_has_room(const struct trace_buf *b, size_t len)
{
    return len <= TRC_RECORD_MAX &&
           trace_buf_used(b) + sizeof(struct rec_hdr) + len <= TRACE_BUF_SIZE;
}

bool trace_buf_put(struct trace_buf *b, uint64_t seq, const char *rec, size_t len)
{
    struct rec_hdr h = { .seq = seq, .len = (uint32_t)len };

    if (!trace_buf_has_room(b, len))
        return false;
    ring_write(b, b->head, &h, sizeof(h));
    ring_write(b, b->head + sizeof(h), rec, len);
    __atomic_store_n(&b->head, b->head + sizeof(h) + len, __ATOMIC_RELEASE);
    b->written++;
    return true;
}

bool trace_buf_peek(const struct trace_buf *b, uint64_t *seq)
{
    struct rec_hdr h;

    if (__atomic_load_n(&b->head, __ATOMIC_ACQUIRE) == b->tail)
        return false;
    ring_read(b, b->tail, &h, sizeof(h));
    *seq = h.seq;
    return true;
}

size_t trace_buf_read(const struct trace_buf *b, char *dst, size_t size)
{
    struct rec_hdr h;

    if (__atomic_load_n(&b->head, __ATOMIC_ACQUIRE) == b->tail)
        return 0;
    ring_read(b, b->tail, &h, sizeof(h));
    ring_read(b, b->tail + sizeof(h), dst, MIN((size_t)h.len, size));
    return h.len;
}

void trace_buf_consume(struct trace_buf *b)
{
    struct rec_hdr h;

    if (__atomic_load_n(&b->head, __ATOMIC_ACQUIRE) == b->tail)
        return;
    ring_read(b, b->tail, &h, sizeof(h));
    __atomic_store_n(&b->tail, b->tail + sizeof(h) + h.len, __ATOMIC_RELEASE);
}

uint64_t trace_flush_limit(struct trace_buf *const *bufs, unsigned int n,
                           uint64_t seq_now)
{
    uint64_t limit = seq_now;

    /* seq_now was read first: a record numbered <= seq_now that is not yet
     * committed belongs to a CPU whose pending is still set (it is cleared
     * after the commit), so it holds the limit below itself. */
    for (unsigned int i = 0; i < n; i++) {
        uint64_t p = __atomic_load_n(&bufs[i]->pending, __ATOMIC_SEQ_CST);

        if (p && p - 1 < limit)
            limit = p - 1;
    }
    return limit;
}

int trace_merge_next(struct trace_buf *const *bufs, unsigned int n, uint64_t limit)
{
    uint64_t best = 0, seq;
    int which = -1;

    for (unsigned int i = 0; i < n; i++)
        if (trace_buf_peek(bufs[i], &seq) && seq <= limit && (which < 0 || seq < best)) {
            best = seq;
            which = (int)i;
        }
    return which;
}
