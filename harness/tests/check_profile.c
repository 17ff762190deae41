/* The profile parser and the QEMU command line built from it. */
#include "check_main.h"
#include "profile.h"
#include "qemu_args.h"

#include <stdlib.h>
#include <string.h>

static const char *prof =
    "# xen with dom0\n"
    "kernel  ${FIXTURES}/xen/xen.elf\n"
    "append  console=com1 dom0_mem=1024M   # comment\n"
    "module  ${FIXTURES}/linux/vmlinuz console=hvc0 a=b,c\n"
    "module  /x,y/initrd.cpio\n"
    "drive   /d/data.img\n"
    "drive   /d/b,c.img\n"
    "machine q35\n"
    "device  amd-iommu\n"
    "global  virtio-blk-pci.iommu_platform=on\n"
    "cpu     qemu64,+svm,+npt\n"
    "tcg     thread=single\n"
    "memory  2048\n"
    "cpus    2\n"
    "trace   0xe9\n"
    "nic     e1000\n"
    "symbols ${FIXTURES}/xen-syms\n"
    "ready   120 /dom0 ready/\n"
    "prompt  /# $/\n";

static int has_arg(const struct argv *a, const char *opt, const char *val)
{
    for (int i = 0; i + 1 < a->n; i++)
        if (!strcmp(a->v[i], opt) && !strcmp(a->v[i + 1], val))
            return 1;
    return 0;
}

static void vars_fx(struct vars *vs)
{
    vars_init(vs);
    vars_set(vs, "FIXTURES", "/fx", VAR_BUILTIN);
}

START_TEST(parses_profile_and_builds_argv)
{
    struct vars vs;
    struct profile p;
    struct diag d;
    vars_fx(&vs);
    int rc = profile_parse(prof, "p.profile", &vs, &p, &d);
    ck_assert_msg(rc == 0, "%s", d.msg);
    ck_assert_str_eq(p.kernel, "/fx/xen/xen.elf");
    ck_assert_str_eq(p.append, "console=com1 dom0_mem=1024M");
    ck_assert_int_eq(p.nmods, 2);
    ck_assert_str_eq(p.mods[0].path, "/fx/linux/vmlinuz");
    ck_assert_str_eq(p.mods[0].args, "console=hvc0 a=b,c");
    ck_assert_str_eq(p.mods[1].args, "");
    ck_assert_int_eq(p.ndrives, 2);
    ck_assert_int_eq(p.trace_port, 0xe9);
    ck_assert_int_eq(p.memory, 2048);
    ck_assert(p.ready_timeout == 120 && p.ready.compiled && p.prompt.compiled);

    struct scn_host h = { .name = "h2", .lan = 1, .append = "quiet", .memory = 512 };
    struct qemu_opts o = { "qemu-x", "tcg", SERIAL_SOCKET, NULL, 0 };
    struct argv a;
    qemu_build_argv(&p, &h, 1, &o, &a);
    ck_assert_str_eq(a.v[0], "qemu-x");
    ck_assert(has_arg(&a, "-machine", "q35"));
    ck_assert(has_arg(&a, "-m", "512"));
    ck_assert(has_arg(&a, "-smp", "2"));
    ck_assert(has_arg(&a, "-cpu", "qemu64,+svm,+npt"));
    ck_assert(has_arg(&a, "-accel", "tcg,thread=single"));
    ck_assert(has_arg(&a, "-append", "console=com1 dom0_mem=1024M quiet"));
    ck_assert(has_arg(&a, "-initrd", "/fx/linux/vmlinuz console=hvc0 a=b,,c,/x,,y/initrd.cpio"));
    ck_assert(has_arg(&a, "-drive", "file=/d/b,,c.img,if=virtio,format=raw,snapshot=on"));
    ck_assert(has_arg(&a, "-device", "amd-iommu"));
    ck_assert(has_arg(&a, "-global", "virtio-blk-pci.iommu_platform=on"));
    ck_assert(has_arg(&a, "-serial", "chardev:ser0"));
    ck_assert(has_arg(&a, "-chardev", "socket,id=ser0,path=h2.ser"));
    ck_assert(has_arg(&a, "-qmp", "unix:h2.qmp,server=on,wait=off"));
    ck_assert(has_arg(&a, "-chardev", "file,id=trace0,path=h2.trace.log"));
    ck_assert(has_arg(&a, "-device", "isa-debugcon,iobase=0xe9,chardev=trace0"));
    ck_assert(has_arg(&a, "-netdev", "dgram,id=lan0,local.type=unix,local.path=h2.nic,"
                                     "remote.type=unix,remote.path=h2.lan"));
    ck_assert(has_arg(&a, "-device", "e1000,netdev=lan0,mac=52:54:00:12:34:02"));
    char *line = argv_join(&a);
    ck_assert_ptr_nonnull(strstr(line, "-append 'console=com1 dom0_mem=1024M quiet'"));
    ck_assert_ptr_nonnull(strstr(line, " -nodefaults -no-user-config -nographic -no-reboot "));
    free(line);
    argv_free(&a);

    /* KVM replaces the CPU model; lan=no has no NIC; reboot=yes lets a reset
     * reboot; stdio console. */
    struct scn_host h1 = { .name = "h1", .lan = 0, .reboot = 1, .cpu = "EPYC" };
    struct qemu_opts k = { "q", "kvm", SERIAL_STDIO, "tcp:127.0.0.1:1", 1 };
    qemu_build_argv(&p, &h1, 0, &k, &a);
    ck_assert(has_arg(&a, "-cpu", "host"));
    ck_assert(has_arg(&a, "-accel", "kvm"));
    ck_assert(has_arg(&a, "-serial", "mon:stdio"));
    ck_assert(has_arg(&a, "-gdb", "tcp:127.0.0.1:1"));
    for (int i = 0; i < a.n; i++)
        ck_assert(strcmp(a.v[i], "-no-reboot") != 0);
    ck_assert(!has_arg(&a, "-netdev", "x"));
    for (int i = 0; i < a.n; i++)
        ck_assert(strcmp(a.v[i], "-netdev") != 0);
    argv_free(&a);
    profile_free(&p);
    vars_free(&vs);
}
END_TEST

START_TEST(linux_initrd)
{
    struct vars vs;
    struct profile p;
    struct diag d;
    vars_fx(&vs);
    ck_assert_int_eq(profile_parse("kernel /k\ninitrd /i.cpio\n", "l.profile", &vs, &p, &d), 0);
    struct scn_host h = { .name = "h1", .lan = 0 };
    struct qemu_opts o = { "q", "tcg", SERIAL_SOCKET, NULL, 0 };
    struct argv a;
    qemu_build_argv(&p, &h, 0, &o, &a);
    ck_assert(has_arg(&a, "-initrd", "/i.cpio"));
    ck_assert(has_arg(&a, "-machine", "pc"));
    ck_assert(has_arg(&a, "-cpu", "qemu64"));
    for (int i = 0; i < a.n; i++)
        ck_assert(strcmp(a.v[i], "-append") != 0 && strcmp(a.v[i], "-m") != 0);
    argv_free(&a);
    profile_free(&p);
    vars_free(&vs);
}
END_TEST

struct bad_case {
    const char *text, *where, *what;
};

static const struct bad_case bad[] = {
    { "append x\n", "b.profile:1:", "no 'kernel' line" },
    { "memory 64\n", "b.profile:1:", "nor a 'drive'" },
    { "drive /d\nappend x\n", "b.profile:2:", "need a 'kernel' line" },
    { "kernel /k\nkernel /j\n", "b.profile:2:", "given twice" },
    { "kernel\n", "b.profile:1:", "kernel needs a value" },
    { "kernel /k\nflavour x\n", "b.profile:2:", "unknown profile directive 'flavour'" },
    { "kernel /k\nmemory lots\n", "b.profile:2:", "memory takes a number" },
    { "kernel /k\ncpus 0\n", "b.profile:2:", "cpus takes a number" },
    { "kernel /k\ntrace 0x10000\n", "b.profile:2:", "trace takes a number" },
    { "kernel /k\nready /x/\n", "b.profile:2:", "timeout in seconds first" },
    { "kernel /k\nready 10 x\n", "b.profile:2:", "expected a /regex/" },
    { "kernel /k\nready 10 /[/\n", "b.profile:2:", "bad regex" },
    { "kernel /k\nprompt /# $/\nprompt /$ /\n", "b.profile:3:", "given twice" },
    { "kernel /k\nprompt /x/ y\n", "b.profile:2:", "unexpected text" },
    { "kernel ${MISSING}/k\n", "b.profile:1:", "undefined variable ${MISSING}" },
    { "kernel /k\ninitrd /i\nmodule /m\n", "b.profile:3:", "both 'initrd' and 'module'" },
};

START_TEST(profile_errors)
{
    const struct bad_case *b = &bad[_i];
    struct vars vs;
    struct profile p;
    struct diag d;
    vars_fx(&vs);
    ck_assert_int_eq(profile_parse(b->text, "b.profile", &vs, &p, &d), -1);
    ck_assert_msg(strncmp(d.msg, b->where, strlen(b->where)) == 0, "case %d: '%s'", _i, d.msg);
    ck_assert_msg(strstr(d.msg, b->what) != NULL, "case %d: '%s' lacks '%s'", _i, d.msg, b->what);
    profile_free(&p);
    vars_free(&vs);
}
END_TEST

START_TEST(firmware_boots_the_drive)
{
    struct vars vs;
    struct profile p;
    struct diag d;
    vars_fx(&vs);
    ck_assert_int_eq(profile_parse("drive /d/grub.iso\ncpus 2\n", "g.profile", &vs, &p, &d), 0);
    struct scn_host h = { .name = "h1", .lan = 0 };
    struct qemu_opts o = { "qemu-x", "tcg", SERIAL_SOCKET, NULL, 0 };
    struct argv a;
    qemu_build_argv(&p, &h, 0, &o, &a);
    ck_assert(has_arg(&a, "-drive", "file=/d/grub.iso,if=virtio,format=raw,snapshot=on"));
    for (int i = 0; i < a.n; i++)
        ck_assert_str_ne(a.v[i], "-kernel");
    argv_free(&a);
    profile_free(&p);
    vars_free(&vs);
}
END_TEST

Suite *profile_suite(void)
{
    Suite *s = suite_create("profile");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, parses_profile_and_builds_argv);
    tcase_add_test(tc, linux_initrd);
    tcase_add_test(tc, firmware_boots_the_drive);
    tcase_add_loop_test(tc, profile_errors, 0, (int)(sizeof bad / sizeof bad[0]));
    suite_add_tcase(s, tc);
    return s;
}
