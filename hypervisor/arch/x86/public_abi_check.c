/* The guest ABI as Linux 6.1 sees it on x86-64, checked at build time
 * against the installed Xen public headers. If the build ever picks the
 * headers up at another interface version (xen-compat.h falls back to
 * interface 0 unless __XEN__ or __XEN_TOOLS__ is set), hypercall numbers
 * and struct layouts change silently; these assertions stop the build
 * instead. The numbers are Xen 4.17's (xen/include/public/, x86_64). */
#include <xen/types.h>            /* the public headers need stdint */
#include <public/xen.h>
#include <public/vcpu.h>
#include <public/sched.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/arch-x86/hvm/start_info.h>
#include <public/domctl.h>
#include <public/sysctl.h>

#define CHECK_SIZE(type, size) _Static_assert(sizeof(type) == (size), "sizeof " #type)
#define CHECK_FIELD(type, field, off) \
    _Static_assert(__builtin_offsetof(type, field) == (off), #type "." #field)

_Static_assert(__XEN_INTERFACE_VERSION__ == 0x00040e00, "Xen 4.14+ interface");
_Static_assert(XEN_DOMCTL_INTERFACE_VERSION == 0x15, "Xen 4.17 domctl");

/* Hypercall numbers: Linux's hypercall page offsets are these times 32. */
_Static_assert(__HYPERVISOR_set_timer_op == 15, "set_timer_op");
_Static_assert(__HYPERVISOR_memory_op == 12, "memory_op");
_Static_assert(__HYPERVISOR_multicall == 13, "multicall");
_Static_assert(__HYPERVISOR_xen_version == 17, "xen_version");
_Static_assert(__HYPERVISOR_console_io == 18, "console_io");
_Static_assert(__HYPERVISOR_grant_table_op == 20, "grant_table_op");
_Static_assert(__HYPERVISOR_vcpu_op == 24, "vcpu_op");
_Static_assert(__HYPERVISOR_sched_op == 29, "sched_op (6 is the compat one)");
_Static_assert(__HYPERVISOR_event_channel_op == 32, "event_channel_op (16 is compat)");
_Static_assert(__HYPERVISOR_physdev_op == 33, "physdev_op");
_Static_assert(__HYPERVISOR_hvm_op == 34, "hvm_op");
_Static_assert(__HYPERVISOR_sysctl == 35, "sysctl");
_Static_assert(__HYPERVISOR_domctl == 36, "domctl");
_Static_assert(__HYPERVISOR_dm_op == 41, "dm_op");

/* Time: the pvclock layout, with the flags byte (TSC_STABLE) of the
 * current interface where interface 0 has padding. */
CHECK_SIZE(struct vcpu_time_info, 32);
CHECK_FIELD(struct vcpu_time_info, version, 0);
CHECK_FIELD(struct vcpu_time_info, tsc_timestamp, 8);
CHECK_FIELD(struct vcpu_time_info, system_time, 16);
CHECK_FIELD(struct vcpu_time_info, tsc_to_system_mul, 24);
CHECK_FIELD(struct vcpu_time_info, tsc_shift, 28);
CHECK_FIELD(struct vcpu_time_info, flags, 29);

CHECK_SIZE(struct vcpu_info, 64);
CHECK_FIELD(struct vcpu_info, evtchn_upcall_pending, 0);
CHECK_FIELD(struct vcpu_info, evtchn_upcall_mask, 1);
CHECK_FIELD(struct vcpu_info, evtchn_pending_sel, 8);
CHECK_FIELD(struct vcpu_info, arch, 16);
CHECK_FIELD(struct vcpu_info, time, 32);

/* shared_info must fit the one page a guest maps with add_to_physmap. */
_Static_assert(XEN_LEGACY_MAX_VCPUS == 32, "vcpu_info slots in shared_info");
CHECK_FIELD(struct shared_info, vcpu_info, 0);
CHECK_FIELD(struct shared_info, evtchn_pending, 2048);
CHECK_FIELD(struct shared_info, evtchn_mask, 2560);
CHECK_FIELD(struct shared_info, wc_version, 3072);
CHECK_FIELD(struct shared_info, wc_sec, 3076);
CHECK_FIELD(struct shared_info, wc_nsec, 3080);
CHECK_FIELD(struct shared_info, wc_sec_hi, 3084);
CHECK_FIELD(struct shared_info, arch, 3088);
_Static_assert(sizeof(struct shared_info) <= 4096, "shared_info fits a page");

/* The PVH boot ABI (hvm/start_info.h, version 1 with the memory map). */
CHECK_SIZE(struct hvm_start_info, 56);
CHECK_FIELD(struct hvm_start_info, magic, 0);
CHECK_FIELD(struct hvm_start_info, version, 4);
CHECK_FIELD(struct hvm_start_info, flags, 8);
CHECK_FIELD(struct hvm_start_info, nr_modules, 12);
CHECK_FIELD(struct hvm_start_info, modlist_paddr, 16);
CHECK_FIELD(struct hvm_start_info, cmdline_paddr, 24);
CHECK_FIELD(struct hvm_start_info, rsdp_paddr, 32);
CHECK_FIELD(struct hvm_start_info, memmap_paddr, 40);
CHECK_FIELD(struct hvm_start_info, memmap_entries, 48);
CHECK_SIZE(struct hvm_modlist_entry, 32);
CHECK_SIZE(struct hvm_memmap_table_entry, 24);
_Static_assert(XEN_HVM_START_MAGIC_VALUE == 0x336ec578, "PVH start magic");

/* Event channel operations (2-level ABI). */
CHECK_SIZE(struct evtchn_alloc_unbound, 8);
CHECK_FIELD(struct evtchn_alloc_unbound, port, 4);
CHECK_SIZE(struct evtchn_bind_interdomain, 12);
CHECK_FIELD(struct evtchn_bind_interdomain, remote_port, 4);
CHECK_FIELD(struct evtchn_bind_interdomain, local_port, 8);
CHECK_SIZE(struct evtchn_bind_virq, 12);
CHECK_FIELD(struct evtchn_bind_virq, port, 8);
CHECK_SIZE(struct evtchn_bind_ipi, 8);
CHECK_SIZE(struct evtchn_bind_vcpu, 8);
CHECK_SIZE(struct evtchn_close, 4);
CHECK_SIZE(struct evtchn_send, 4);
CHECK_SIZE(struct evtchn_unmask, 4);
CHECK_SIZE(struct evtchn_status, 24);
CHECK_FIELD(struct evtchn_status, status, 8);
CHECK_FIELD(struct evtchn_status, vcpu, 12);
CHECK_FIELD(struct evtchn_status, u, 16);
_Static_assert(EVTCHNOP_bind_interdomain == 0 && EVTCHNOP_bind_virq == 1 &&
               EVTCHNOP_close == 3 && EVTCHNOP_send == 4 && EVTCHNOP_status == 5 &&
               EVTCHNOP_alloc_unbound == 6 && EVTCHNOP_bind_ipi == 7 &&
               EVTCHNOP_bind_vcpu == 8 && EVTCHNOP_unmask == 9 && EVTCHNOP_reset == 10,
               "EVTCHNOP numbers");

/* Grant tables, version 1. */
CHECK_SIZE(struct grant_entry_v1, 8);
CHECK_SIZE(struct gnttab_setup_table, 24);
CHECK_FIELD(struct gnttab_setup_table, nr_frames, 4);
CHECK_FIELD(struct gnttab_setup_table, status, 8);
CHECK_FIELD(struct gnttab_setup_table, frame_list, 16);
CHECK_SIZE(struct gnttab_map_grant_ref, 32);
CHECK_FIELD(struct gnttab_map_grant_ref, flags, 8);
CHECK_FIELD(struct gnttab_map_grant_ref, ref, 12);
CHECK_FIELD(struct gnttab_map_grant_ref, dom, 16);
CHECK_FIELD(struct gnttab_map_grant_ref, status, 18);
CHECK_FIELD(struct gnttab_map_grant_ref, handle, 20);
CHECK_FIELD(struct gnttab_map_grant_ref, dev_bus_addr, 24);
CHECK_SIZE(struct gnttab_unmap_grant_ref, 24);
CHECK_FIELD(struct gnttab_unmap_grant_ref, handle, 16);
CHECK_SIZE(struct gnttab_copy, 40);
CHECK_FIELD(struct gnttab_copy, len, 32);
CHECK_FIELD(struct gnttab_copy, flags, 34);
CHECK_FIELD(struct gnttab_copy, status, 36);
CHECK_SIZE(struct gnttab_query_size, 16);
_Static_assert(GNTTABOP_map_grant_ref == 0 && GNTTABOP_unmap_grant_ref == 1 &&
               GNTTABOP_setup_table == 2 && GNTTABOP_copy == 5 &&
               GNTTABOP_query_size == 6 && GNTTABOP_set_version == 8 &&
               GNTTABOP_get_version == 10, "GNTTABOP numbers");

/* Memory operations a PVH guest issues. */
CHECK_SIZE(struct xen_add_to_physmap, 24);
CHECK_FIELD(struct xen_add_to_physmap, space, 4);
CHECK_FIELD(struct xen_add_to_physmap, idx, 8);
CHECK_FIELD(struct xen_add_to_physmap, gpfn, 16);
_Static_assert(XENMEM_populate_physmap == 6 && XENMEM_add_to_physmap == 7 &&
               XENMEM_memory_map == 9 && XENMEM_decrease_reservation == 1,
               "XENMEM numbers");

/* vcpu_op and sched_op sub-operations. */
_Static_assert(VCPUOP_register_vcpu_info == 10 && VCPUOP_set_singleshot_timer == 8 &&
               VCPUOP_register_runstate_memory_area == 5, "VCPUOP numbers");
_Static_assert(SCHEDOP_yield == 0 && SCHEDOP_block == 1 && SCHEDOP_shutdown == 2 &&
               SCHEDOP_poll == 3 && SCHEDOP_remote_shutdown == 4 &&
               SCHEDOP_shutdown_code == 5, "SCHEDOP numbers");
CHECK_SIZE(struct vcpu_register_vcpu_info, 16);
CHECK_SIZE(struct vcpu_set_singleshot_timer, 16);
CHECK_SIZE(struct vcpu_runstate_info, 48);
_Static_assert(HVM_PARAM_CALLBACK_IRQ == 0 && HVM_PARAM_STORE_PFN == 1 &&
               HVM_PARAM_STORE_EVTCHN == 2 && HVM_PARAM_CONSOLE_PFN == 17 &&
               HVM_PARAM_CONSOLE_EVTCHN == 18, "HVM_PARAM numbers");
CHECK_SIZE(struct xen_hvm_param, 16);
