/* Memory bring-up: memory map -> boot allocator (minus the image, the boot
 * modules and low memory) -> frame table -> buddy heap; plus the locked
 * xenheap/xmalloc entry points and the 'm' dump. */
#include <xen/mm.h>
#include <xen/lib.h>
#include <xen/bootmem.h>
#include <xen/page_alloc.h>
#include <xen/domheap.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <xen/keyhandler.h>
#include <xen/trace.h>
#include <asm/io.h>
#include <asm/spinlock.h>

extern char _start_image[], _end[];

static struct bootmem boot_mem;
static struct heap heap;
static DEFINE_SPINLOCK(heap_lock);
static DEFINE_SPINLOCK(xmalloc_lock);
static uint64_t ram_bytes, modules_bytes;

void *alloc_xenheap_pages(unsigned int order)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    unsigned long mfn = alloc_heap_pages(&heap, order);

    spin_unlock_irqrestore(&heap_lock, flags);
    return mfn == INVALID_MFN ? NULL : maddr_to_virt((paddr_t)mfn << PAGE_SHIFT);
}

void free_xenheap_pages(void *p, unsigned int order)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    int rc = free_heap_pages(&heap, virt_to_maddr(p) >> PAGE_SHIFT, order);

    spin_unlock_irqrestore(&heap_lock, flags);
    if (rc)
        panic("free_xenheap_pages(%p, %u): not an allocated block", p, order);
}

struct page_info *frame_table;
unsigned long max_page;

bool mfn_valid(unsigned long mfn)
{
    return mfn < heap.max_page;
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    unsigned long mfn = domheap_alloc(&heap, &d->mem, order);

    spin_unlock_irqrestore(&heap_lock, flags);
    if (mfn == INVALID_MFN)
        return NULL;
    /* A guest must never see what a previous owner left. */
    memset(maddr_to_virt((paddr_t)mfn << PAGE_SHIFT), 0, PAGE_SIZE << order);
    return mfn_to_page(mfn);
}

int free_domheap_page(struct domain *d, unsigned long mfn)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    int rc = domheap_free_page(&heap, &d->mem, mfn);

    spin_unlock_irqrestore(&heap_lock, flags);
    return rc;
}

int share_xen_page_with_guest(void *va, struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    int rc = domheap_share_xen_page(&heap, &d->mem, virt_to_maddr(va) >> PAGE_SHIFT);

    spin_unlock_irqrestore(&heap_lock, flags);
    return rc;
}

bool get_page(unsigned long mfn, const struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    bool ok = domheap_get_page(&heap, mfn, &d->mem);

    spin_unlock_irqrestore(&heap_lock, flags);
    return ok;
}

void put_page(unsigned long mfn)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);

    domheap_put_page(&heap, mfn);
    spin_unlock_irqrestore(&heap_lock, flags);
}

struct domain *page_get_owner(unsigned long mfn)
{
    struct domheap *dh = domheap_owner(&heap, mfn);

    return dh ? (struct domain *)((char *)dh - __builtin_offsetof(struct domain, mem)) : NULL;
}

unsigned long domain_relinquish_memory(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);
    unsigned long held = domheap_relinquish(&heap, &d->mem);

    spin_unlock_irqrestore(&heap_lock, flags);
    return held;
}

unsigned long total_free_pages(void)
{
    return heap.free_pages;
}

struct xmem_pool xenheap_pool = {
    .get_pages = alloc_xenheap_pages,
    .put_pages = free_xenheap_pages,
};

void *xmalloc_bytes(size_t size)
{
    unsigned long flags = spin_lock_irqsave(&xmalloc_lock);
    void *p = xmem_pool_alloc(&xenheap_pool, size);

    spin_unlock_irqrestore(&xmalloc_lock, flags);
    return p;
}

void *xzalloc_bytes(size_t size)
{
    void *p = xmalloc_bytes(size);

    return p ? memset(p, 0, size) : NULL;
}

void xfree(void *p)
{
    unsigned long flags;
    int rc;

    if (!p)                             /* as free(NULL) and Xen's xfree */
        return;
    flags = spin_lock_irqsave(&xmalloc_lock);
    rc = xmem_pool_free(&xenheap_pool, p);

    spin_unlock_irqrestore(&xmalloc_lock, flags);
    if (rc)
        panic("xfree(%p): not allocated by xmalloc (or freed twice)", p);
}

static void print_memory_map(const struct boot_info *bi)
{
    printk("%s RAM map:\n", bi->mmap_synthesized ? "Multiboot-synthesized" : "Multiboot-e820");
    for (unsigned int i = 0; i < bi->nr_mmap; i++)
        printk(" %016llx - %016llx (%s)\n", (unsigned long long)bi->mmap[i].addr,
               (unsigned long long)(bi->mmap[i].addr + bi->mmap[i].size),
               e820_type_name(bi->mmap[i].type));
}

static void build_boot_allocator(const struct boot_info *bi)
{
    for (unsigned int i = 0; i < bi->nr_mmap; i++) {
        uint64_t s = bi->mmap[i].addr, e = s + bi->mmap[i].size;

        if (bi->mmap[i].type != E820_RAM)
            continue;
        ram_bytes += bi->mmap[i].size;
        if (e > DIRECTMAP_MAX)
            printk(XENLOG_WARNING "RAM above 512 GiB (%#llx-%#llx) is not used\n",
                   (unsigned long long)MAX(s, DIRECTMAP_MAX), (unsigned long long)e);
        bootmem_add(&boot_mem, s, MIN(e, DIRECTMAP_MAX));
    }
    /* Low 1 MiB: BIOS data, EBDA, ACPI RSDP, the AP trampoline. */
    bootmem_reserve(&boot_mem, 0, MB(1));
    bootmem_reserve(&boot_mem, virt_to_maddr(_start_image), virt_to_maddr(_end));
    /* Boot modules (dom0 kernel, initramfs) stay intact for dom0. */
    for (unsigned int i = 0; i < bi->nr_mods; i++) {
        bootmem_reserve(&boot_mem, bi->mods[i].start, bi->mods[i].end);
        modules_bytes += bi->mods[i].end - bi->mods[i].start;
    }
    if (boot_mem.overflow)
        printk(XENLOG_WARNING "boot allocator: too many memory ranges, some dropped\n");
}

static paddr_t alloc_low_page_table(void)
{
    paddr_t pa = bootmem_alloc(&boot_mem, 1, 1, DIRECTMAP_LIMIT);

    if (pa)
        memset(maddr_to_virt(pa), 0, PAGE_SIZE);
    return pa;
}

void init_memory(const struct boot_info *bi)
{
    paddr_t ft;
    size_t ft_bytes;

    print_memory_map(bi);
    build_boot_allocator(bi);
    if (!boot_mem.nr)
        panic("no usable RAM in the memory map");
    max_page = boot_mem.range[boot_mem.nr - 1].end >> PAGE_SHIFT;
    /* Page tables for RAM above 4 GiB come from memory already mapped. */
    if (directmap_extend((paddr_t)max_page << PAGE_SHIFT, alloc_low_page_table))
        panic("cannot map RAM above 4 GiB: out of low memory for page tables");
    ft_bytes = max_page * sizeof(struct page_info);
    ft = bootmem_alloc(&boot_mem, ROUNDUP(ft_bytes, PAGE_SIZE) >> PAGE_SHIFT, 1,
                       directmap_end);
    if (!ft)
        panic("cannot allocate the frame table (%zu bytes)", ft_bytes);
    heap_init(&heap, maddr_to_virt(ft), max_page);
    frame_table = heap.frame_table;
    /* Everything the boot allocator still has goes to the buddy heap. */
    for (unsigned int i = 0; i < boot_mem.nr; i++)
        init_heap_pages(&heap, boot_mem.range[i].start >> PAGE_SHIFT,
                        (boot_mem.range[i].end - boot_mem.range[i].start) >> PAGE_SHIFT);
    boot_mem.nr = 0;                        /* the boot allocator is done */
    printk("System RAM: %lluMB (%llukB), direct map 0-%lluGB\n",
           (unsigned long long)(ram_bytes >> 20), (unsigned long long)(ram_bytes >> 10),
           (unsigned long long)(directmap_end >> 30));
    printk("Reserved for boot modules: %llukB; frame table: %zukB at %#llx\n",
           (unsigned long long)(modules_bytes >> 10), ft_bytes >> 10, (unsigned long long)ft);
    printk("Free memory: %lu pages (%lluMB) in the buddy allocator\n", heap.free_pages,
           (unsigned long long)((uint64_t)heap.free_pages << PAGE_SHIFT >> 20));
    trace(TRC_BOOT, "memory", "ram_kb=%llu free_pages=%lu modules_kb=%llu",
          (unsigned long long)(ram_bytes >> 10), heap.free_pages,
          (unsigned long long)(modules_bytes >> 10));
}

static void dump_memory(unsigned char key)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);

    printk("'%c' pressed -> dumping memory info\n", key);
    printk("Physical memory: total %lu pages, free %lu pages (%lukB)\n",
           heap.total_pages, heap.free_pages, heap.free_pages << (PAGE_SHIFT - 10));
    for (unsigned int o = 0; o <= MAX_ORDER; o++)
        if (heap.free_blocks[o])
            printk("    order %2u: %lu free blocks\n", o, heap.free_blocks[o]);
    spin_unlock_irqrestore(&heap_lock, flags);
    flags = spin_lock_irqsave(&xmalloc_lock);
    printk("xmalloc: %lu bytes in use, %lu pages held\n", xenheap_pool.bytes_in_use,
           xenheap_pool.pages_held);
    spin_unlock_irqrestore(&xmalloc_lock, flags);
}

void mm_keyhandler_init(void)
{
    register_keyhandler('m', dump_memory, "memory info");
}
