/* Per-CPU trace record rings and their merge in sequence order (pure: also
 * tested on the host). One producer per ring (its CPU, interrupts off) and
 * one consumer at a time (the flusher): the producer publishes with a
 * release store of head, the consumer frees space with one of tail. */
#include <xen/trace.h>
#include <xen/string.h>

#define MASK (TRACE_BUF_SIZE - 1)

#ifdef HOST_TEST
void (*trace_buf_add_window)(void);
#endif

/* Word copies: the hypervisor's memcpy goes byte by byte, and this copy is
 * most of what an event costs once its text is made. */
static void copy(char *d, const char *s, size_t n)
{
    for (; n >= 8; n -= 8, d += 8, s += 8) {
        uint64_t w;

        __builtin_memcpy(&w, s, 8);
        __builtin_memcpy(d, &w, 8);
    }
    while (n--)
        *d++ = *s++;
}

static void ring_write(struct trace_buf *b, uint64_t at, const void *src, size_t n)
{
    size_t off = at & MASK, first = MIN(n, TRACE_BUF_SIZE - off);

    copy(b->data + off, src, first);
    copy(b->data, (const char *)src + first, n - first);
}

static void ring_read(const struct trace_buf *b, uint64_t at, void *dst, size_t n)
{
    size_t off = at & MASK, first = MIN(n, TRACE_BUF_SIZE - off);

    copy(dst, b->data + off, first);
    copy((char *)dst + first, b->data, n - first);
}

size_t trace_buf_used(const struct trace_buf *b)
{
    return (size_t)(b->head - __atomic_load_n(&b->tail, __ATOMIC_ACQUIRE));
}

bool trace_buf_has_room(const struct trace_buf *b, size_t kv_len)
{
    return kv_len < TRC_KV_MAX &&
           trace_buf_used(b) + sizeof(struct trace_entry) + kv_len <= TRACE_BUF_SIZE;
}

bool trace_buf_put(struct trace_buf *b, const struct trace_entry *e, const char *kv)
{
    if (!trace_buf_has_room(b, e->kv_len))
        return false;
    ring_write(b, b->head, e, sizeof(*e));
    ring_write(b, b->head + sizeof(*e), kv, e->kv_len);
    __atomic_store_n(&b->head, b->head + sizeof(*e) + e->kv_len, __ATOMIC_RELEASE);
    b->written++;
    return true;
}

bool trace_buf_peek(const struct trace_buf *b, uint64_t *seq)
{
    if (__atomic_load_n(&b->head, __ATOMIC_ACQUIRE) == b->tail)
        return false;
    ring_read(b, b->tail + offsetof(struct trace_entry, seq), seq, sizeof(*seq));
    return true;
}

bool trace_buf_read(const struct trace_buf *b, struct trace_entry *e, char *kv,
                    size_t kv_size)
{
    size_t n;

    if (__atomic_load_n(&b->head, __ATOMIC_ACQUIRE) == b->tail || !kv_size)
        return false;
    ring_read(b, b->tail, e, sizeof(*e));
    n = MIN((size_t)e->kv_len, kv_size - 1);
    ring_read(b, b->tail + sizeof(*e), kv, n);
    kv[n] = '\0';
    return true;
}

void trace_buf_consume(struct trace_buf *b)
{
    uint16_t kv_len;

    if (__atomic_load_n(&b->head, __ATOMIC_ACQUIRE) == b->tail)
        return;
    ring_read(b, b->tail + offsetof(struct trace_entry, kv_len), &kv_len, sizeof(kv_len));
    __atomic_store_n(&b->tail, b->tail + sizeof(struct trace_entry) + kv_len,
                     __ATOMIC_RELEASE);
}

bool trace_buf_add(struct trace_buf *b, uint64_t *seq_counter, struct trace_entry *e,
                   const char *kv)
{
    if (!trace_buf_has_room(b, e->kv_len)) {
        e->seq = __atomic_add_fetch(seq_counter, 1, __ATOMIC_SEQ_CST);
        b->lost++;
        return false;
    }
    /* A lower bound of our number, announced before we take it: a flush
     * that runs meanwhile holds back every record numbered from there. */
    __atomic_store_n(&b->pending, __atomic_load_n(seq_counter, __ATOMIC_SEQ_CST) + 1,
                     __ATOMIC_SEQ_CST);
    e->seq = __atomic_add_fetch(seq_counter, 1, __ATOMIC_SEQ_CST);
#ifdef HOST_TEST
    if (trace_buf_add_window)
        trace_buf_add_window();
#endif
    trace_buf_put(b, e, kv);
    __atomic_store_n(&b->pending, 0, __ATOMIC_SEQ_CST);
    return true;
}

uint64_t trace_flush_limit(struct trace_buf *const *bufs, unsigned int n,
                           const uint64_t *seq_counter)
{
    /* The counter first: a record numbered up to here that is not yet
     * committed belongs to a CPU whose pending is still set (it is cleared
     * after the commit), so the loop below holds the limit under it. */
    uint64_t limit = __atomic_load_n(seq_counter, __ATOMIC_SEQ_CST);

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
