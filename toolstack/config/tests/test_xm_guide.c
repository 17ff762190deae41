/* The guide's xm config samples (fixtures/guide, tests/samples) and what
 * the guide says each option means. */
#include <stdlib.h>

#include "test_util.h"

static struct xm_domain_config cfg;
static struct cfg_diags d;

static void setup(void)
{
    memset(&cfg, 0, sizeof(cfg));
    memset(&d, 0, sizeof(d));
}

static void teardown(void)
{
    xm_config_free(&cfg);
    cfg_diags_free(&d);
}

static int load(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    int rc = xm_config_parse_file(path, NULL, 0, &cfg, &d);
    if (rc < 0 || d.n)
        cfg_diags_print(&d, stderr);
    return rc;
}

static void expect_cmdline(const char *want)
{
    char *got = xm_config_kernel_cmdline(&cfg);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);
}

/* 4.1.4: the PV domU with blktap disks. */
START_TEST(pv_domu1)
{
    ck_assert_int_eq(load(GUIDE_DIR, "4.1.4-domu1.fixed.cfg"), 0);
    ck_assert_uint_eq(d.n, 0);
    ck_assert_int_eq(cfg.builder, XM_BUILDER_LINUX);
    ck_assert_str_eq(cfg.kernel, "/home/giorgos/xen/vmlinux-3.0.4-domU");
    ck_assert_str_eq(cfg.ramdisk, "/home/giorgos/xen/initrd.img-3.0.4-domU");
    ck_assert_uint_eq(cfg.vcpus, 1);          /* '1' as a string */
    ck_assert_uint_eq(cfg.memory_mib, 512);   /* '512' MiB */
    ck_assert_str_eq(cfg.name, "domu1");
    ck_assert_uint_eq(cfg.n_disks, 2);
    ck_assert_int_eq(cfg.disks[0].backend, XM_DISK_TAP);
    ck_assert_str_eq(cfg.disks[0].tap_driver, "aio");
    ck_assert_str_eq(cfg.disks[0].target, "/home/giorgos/xen/domu1.img");
    ck_assert_str_eq(cfg.disks[0].vdev, "xvda1");
    ck_assert_int_eq(cfg.disks[0].mode, XM_DISK_RW);
    ck_assert_str_eq(cfg.disks[1].target, "/home/giorgos/xen/swap.img");
    ck_assert_str_eq(cfg.disks[1].vdev, "xvda2");
    ck_assert_uint_eq(cfg.n_vifs, 1);         /* vif = [''] */
    ck_assert(!cfg.vifs[0].has_mac);
    ck_assert_ptr_null(cfg.vifs[0].bridge);
    ck_assert_int_eq(cfg.on_poweroff, XM_ACTION_DESTROY);
    ck_assert_int_eq(cfg.on_reboot, XM_ACTION_RESTART);
    ck_assert_int_eq(cfg.on_crash, XM_ACTION_RESTART);
    ck_assert_int_eq(cfg.cpus_form, XM_CPUS_UNSET);
    ck_assert_uint_eq(xm_config_given(&cfg, "extra"), 34);
    expect_cmdline("root=/dev/xvda1 ro console=hvc0 xencons=tty");
}
END_TEST

/* The verbatim extraction of 4.1.4 is not Python: the disk list never
 * closes, so xm stops where the next assignment starts. */
START_TEST(pv_domu1_verbatim)
{
    ck_assert_int_eq(load(GUIDE_DIR, "4.1.4-domu1.cfg"), -1);
    ck_assert_uint_eq(cfg_diags_count(&d, CFG_ERROR), 1);
    ck_assert_diag(&d, CFG_ERROR, "4.1.4-domu1.cfg:18: key 'disk': expected "
                   "a value");
}
END_TEST

/* 4.2: the HVM guest. */
START_TEST(hvm_guest)
{
    ck_assert_int_eq(load(GUIDE_DIR, "4.2-domu-hvm.fixed.cfg"), 0);
    ck_assert_uint_eq(d.n, 0);
    ck_assert_int_eq(cfg.builder, XM_BUILDER_HVM);
    ck_assert_str_eq(cfg.kernel, "hvmloader");
    ck_assert_uint_eq(cfg.memory_mib, 128);
    ck_assert_str_eq(cfg.name, "domu-hvm");
    ck_assert_uint_eq(cfg.vcpus, 1);
    ck_assert(cfg.hvm.pae && cfg.hvm.acpi && cfg.hvm.apic);
    ck_assert_uint_eq(cfg.n_vifs, 1);
    ck_assert(cfg.vifs[0].type_ioemu);
    ck_assert_str_eq(cfg.vifs[0].bridge, "xenbr0");
    ck_assert_uint_eq(cfg.n_disks, 2);
    ck_assert_int_eq(cfg.disks[0].backend, XM_DISK_FILE);
    ck_assert_str_eq(cfg.disks[0].target, "/home/giorgos/xen/domuhvm.img");
    ck_assert_str_eq(cfg.disks[0].vdev, "hda");
    ck_assert_int_eq(cfg.disks[0].mode, XM_DISK_RW);
    ck_assert_int_eq(cfg.disks[1].backend, XM_DISK_EMPTY);
    ck_assert_str_eq(cfg.disks[1].vdev, "hdc");
    ck_assert(cfg.disks[1].is_cdrom);
    ck_assert_int_eq(cfg.disks[1].mode, XM_DISK_RO);
    ck_assert_str_eq(cfg.hvm.device_model, "qemu-dm");
    ck_assert_str_eq(cfg.hvm.boot, "dc");      /* CD-ROM, then hard disk */
    ck_assert(!cfg.hvm.sdl);
    ck_assert(cfg.hvm.vnc);
    ck_assert_str_eq(cfg.hvm.vncpasswd, "");
    ck_assert_str_eq(cfg.hvm.serial, "pty");
    ck_assert_int_eq(cfg.tsc_mode, 0);
    ck_assert(cfg.hvm.localtime);
    /* commented out in the sample: the defaults the comments state */
    ck_assert(cfg.hvm.vncunused);
    ck_assert_int_eq(cfg.hvm.vncdisplay, -1);
    ck_assert_ptr_null(cfg.hvm.vnclisten);
    ck_assert(!cfg.hvm.usb && !cfg.hvm.stdvga && !cfg.hvm.monitor);
    ck_assert_int_eq(cfg.hvm.xen_platform_pci, 1);
}
END_TEST

START_TEST(hvm_guest_verbatim)
{
    ck_assert_int_eq(load(GUIDE_DIR, "4.2-domu-hvm.cfg"), -1);
    ck_assert_diag(&d, CFG_ERROR, "4.2-domu-hvm.cfg:3: key 'using': expected "
                   "'=' after the name, got string 'xm create'");
}
END_TEST

START_TEST(hvm_guest_from_iso)
{
    ck_assert_int_eq(load(SAMPLES_DIR, "4.2-hvm-iso.cfg"), 0);
    ck_assert_uint_eq(d.n, 0);
    ck_assert_int_eq(cfg.disks[1].backend, XM_DISK_FILE);
    ck_assert_str_eq(cfg.disks[1].target, "/home/giorgos/somedvd.iso");
    ck_assert(cfg.disks[1].is_cdrom);
    ck_assert_str_eq(cfg.hvm.vnclisten, "127.0.0.1");
    ck_assert_int_eq(cfg.hvm.vncdisplay, 1);
    ck_assert(cfg.hvm.usb && cfg.hvm.monitor && !cfg.hvm.nographic);
    ck_assert_str_eq(cfg.hvm.usbdevice, "tablet");
    ck_assert_str_eq(cfg.hvm.keymap, "en-us");
    ck_assert_str_eq(cfg.hvm.soundhw, "sb16");
}
END_TEST

/* 6.2: root on NFS, the guest's network set up by the kernel. */
START_TEST(nfs_root)
{
    ck_assert_int_eq(load(GUIDE_DIR, "6.2-domu1-nfs.fixed.cfg"), 0);
    ck_assert_uint_eq(d.n, 0);
    ck_assert_str_eq(cfg.kernel,
                     "/home/giorgos/xen/domains/domu1/vmlinux-3.0.4-domu");
    ck_assert_ptr_null(cfg.ramdisk);
    ck_assert_uint_eq(cfg.memory_mib, 128);
    ck_assert_uint_eq(cfg.n_vifs, 2);
    ck_assert_ptr_null(cfg.vifs[0].bridge);
    ck_assert_str_eq(cfg.vifs[1].bridge, "br0");
    ck_assert_str_eq(cfg.ip, "192.168.2.2");
    ck_assert_str_eq(cfg.netmask, "255.255.255.0");
    ck_assert_str_eq(cfg.gateway, "192.168.2.1");
    ck_assert_str_eq(cfg.hostname, "domu1");
    ck_assert_str_eq(cfg.root, "/dev/nfs");
    ck_assert_str_eq(cfg.nfs_server, "192.168.2.1");
    ck_assert_str_eq(cfg.nfs_root, "/export/domu1");
    expect_cmdline("root=/dev/nfs ip=192.168.2.2:192.168.2.1:192.168.2.1:"
                   "255.255.255.0:domu1:eth0:off "
                   "nfsroot=192.168.2.1:/export/domu1 4");
}
END_TEST

START_TEST(nfs_root_verbatim)
{
    ck_assert_int_eq(load(GUIDE_DIR, "6.2-domu1-nfs.cfg"), -1);
    ck_assert_diag(&d, CFG_ERROR, "6.2-domu1-nfs.cfg:2: key 'using'");
}
END_TEST

/* 5.1.1: dhcp = "dhcp" asks the kernel to configure eth0 by DHCP. */
START_TEST(dhcp_guest)
{
    ck_assert_int_eq(load(SAMPLES_DIR, "5.1.1-dhcp.cfg"), 0);
    ck_assert_str_eq(cfg.dhcp, "dhcp");
    expect_cmdline("root=/dev/xvda1 ro ip=:127.0.255.255::::eth0:dhcp "
                   "console=hvc0 xencons=tty");
}
END_TEST

START_TEST(vif_and_disk_examples)
{
    ck_assert_int_eq(load(SAMPLES_DIR, "4.1.4-examples.cfg"), 0);
    ck_assert_uint_eq(cfg.n_vifs, 2);
    ck_assert(cfg.vifs[0].has_mac);
    ck_assert_int_eq(cfg.vifs[0].mac[5], 0x11);
    ck_assert_str_eq(cfg.vifs[0].bridge, "xenbr0");
    ck_assert_str_eq(cfg.vifs[1].bridge, "xenbr1");
    ck_assert_int_eq(cfg.disks[0].backend, XM_DISK_PHY);
    ck_assert_int_eq(cfg.disks[1].backend, XM_DISK_FILE);
    ck_assert_int_eq(cfg.disks[2].backend, XM_DISK_TAP);
    ck_assert_int_eq(cfg.disks[2].mode, XM_DISK_RO);
    ck_assert_uint_eq(cfg.memory_mib, 128);   /* xm's default */
    expect_cmdline("");
}
END_TEST

/* 6.4: ["2", "8"] pins vCPU0 on pCPU 2 and vCPU1 on pCPU 8. */
START_TEST(cpus_per_vcpu)
{
    struct xm_cpumap m;
    char s[64];
    ck_assert_int_eq(load(SAMPLES_DIR, "6.4-cpus-list.cfg"), 0);
    ck_assert_uint_eq(cfg.vcpus, 2);
    ck_assert_int_eq(cfg.cpus_form, XM_CPUS_PER_VCPU);
    ck_assert(xm_config_vcpu_affinity(&cfg, 0, &m));
    xm_cpumap_format(&m, s, sizeof(s));
    ck_assert_str_eq(s, "2");
    ck_assert(xm_config_vcpu_affinity(&cfg, 1, &m));
    xm_cpumap_format(&m, s, sizeof(s));
    ck_assert_str_eq(s, "8");
    ck_assert(!xm_config_vcpu_affinity(&cfg, 2, &m));
}
END_TEST

/* 6.4: "0-3,5,^1" puts every vCPU on #0, #2, #3, #5. */
START_TEST(cpus_common)
{
    struct xm_cpumap m;
    char s[64];
    ck_assert_int_eq(load(SAMPLES_DIR, "6.4-cpus-string.cfg"), 0);
    ck_assert_int_eq(cfg.cpus_form, XM_CPUS_COMMON);
    for (unsigned v = 0; v < 2; v++) {
        ck_assert(xm_config_vcpu_affinity(&cfg, v, &m));
        xm_cpumap_format(&m, s, sizeof(s));
        ck_assert_str_eq(s, "0,2-3,5");
    }
}
END_TEST

/* 6.4: cpus = "" and cpus = "0". */
START_TEST(cpus_empty_and_zero)
{
    struct xm_cpumap m;
    ck_assert_int_eq(xm_text("name='a'\nkernel='k'\nvcpus=2\ncpus = \"\"\n",
                             &cfg, &d), 0);
    ck_assert_int_eq(cfg.cpus_form, XM_CPUS_UNSET);
    ck_assert(!xm_config_vcpu_affinity(&cfg, 0, &m));
    xm_config_free(&cfg);
    ck_assert_int_eq(xm_text("name='a'\nkernel='k'\nvcpus=2\ncpus = \"0\"\n",
                             &cfg, &d), 0);
    for (unsigned v = 0; v < 2; v++) {
        ck_assert(xm_config_vcpu_affinity(&cfg, v, &m));
        ck_assert_uint_eq(xm_cpumap_count(&m), 1);
        ck_assert(xm_cpumap_test(&m, 0));
    }
    xm_config_free(&cfg);
    ck_assert_int_eq(xm_text("name='a'\nkernel='k'\ncpus = []\n", &cfg, &d), 0);
    ck_assert_int_eq(cfg.cpus_form, XM_CPUS_UNSET);
}
END_TEST

static void expect_sxp(const char *want)
{
    struct sxp x;
    ck_assert_int_eq(xm_config_to_sxp(&cfg, &x), 0);
    char *got = sxp_format(&x, false);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    struct sxp back;   /* and it reads back */
    ck_assert_int_eq(sxp_parse(got, strlen(got), "dryrun", &back, &d), 0);
    ck_assert_uint_eq(back.n, 1);
    ck_assert_str_eq(sxp_child_value(&back.items[0], "name", ""), cfg.name);
    sxp_free(&back);
    sxp_free(&x);
    free(got);
}

/* What "xm create -n" printed for the guide's configs. */
START_TEST(dry_run_sxp)
{
    ck_assert_int_eq(load(GUIDE_DIR, "4.1.4-domu1.fixed.cfg"), 0);
    expect_sxp("(vm (name domu1) (memory 512) (on_poweroff destroy) "
               "(on_reboot restart) (on_crash restart) (vcpus 1) "
               "(image (linux (kernel /home/giorgos/xen/vmlinux-3.0.4-domU) "
               "(ramdisk /home/giorgos/xen/initrd.img-3.0.4-domU) "
               "(root '/dev/xvda1 ro') (args 'console=hvc0 xencons=tty') "
               "(tsc_mode 0))) "
               "(device (tap2 (uname tap:aio:/home/giorgos/xen/domu1.img) "
               "(dev xvda1) (mode w))) "
               "(device (tap2 (uname tap:aio:/home/giorgos/xen/swap.img) "
               "(dev xvda2) (mode w))) (device (vif)))");
    xm_config_free(&cfg);
    ck_assert_int_eq(load(GUIDE_DIR, "6.2-domu1-nfs.fixed.cfg"), 0);
    expect_sxp("(vm (name domu1) (memory 128) (on_poweroff destroy) "
               "(on_reboot restart) (on_crash restart) (vcpus 1) "
               "(image (linux "
               "(kernel /home/giorgos/xen/domains/domu1/vmlinux-3.0.4-domu) "
               "(ip 192.168.2.2:192.168.2.1:192.168.2.1:255.255.255.0:domu1:"
               "eth0:off) (root /dev/nfs) "
               "(args 'nfsroot=192.168.2.1:/export/domu1 4') (tsc_mode 0))) "
               "(device (vif)) (device (vif (bridge br0))))");
    xm_config_free(&cfg);
    ck_assert_int_eq(load(GUIDE_DIR, "4.2-domu-hvm.fixed.cfg"), 0);
    expect_sxp("(vm (name domu-hvm) (memory 128) (on_poweroff destroy) "
               "(on_reboot restart) (on_crash restart) (vcpus 1) "
               "(localtime 1) (image (hvm (kernel hvmloader) (acpi 1) (apic 1) "
               "(boot dc) (device_model qemu-dm) (localtime 1) (monitor 0) "
               "(nographic 0) (pae 1) (serial pty) (sdl 0) (stdvga 0) (usb 0) "
               "(vcpus 1) (vnc 1) (vncunused 1) (xen_platform_pci 1) "
               "(vncpasswd '') (tsc_mode 0))) "
               "(device (vbd (uname file:/home/giorgos/xen/domuhvm.img) "
               "(dev hda) (mode w))) "
               "(device (vbd (uname '') (dev hdc:cdrom) (mode r))) "
               "(device (vif (bridge xenbr0) (type ioemu))))");
    xm_config_free(&cfg);
    ck_assert_int_eq(load(SAMPLES_DIR, "6.4-cpus-list.cfg"), 0);
    expect_sxp("(vm (name domu1) (memory 128) (on_poweroff destroy) "
               "(on_reboot restart) (on_crash restart) (vcpus 2) "
               "(cpus (2 8)) (image (linux "
               "(kernel /home/giorgos/xen/vmlinux-3.0.4-domU) (tsc_mode 0))))");
    xm_config_free(&cfg);
    ck_assert_int_eq(load(SAMPLES_DIR, "6.4-cpus-string.cfg"), 0);
    struct sxp x;
    ck_assert_int_eq(xm_config_to_sxp(&cfg, &x), 0);
    ck_assert_str_eq(sxp_child_value(&x, "cpus", ""), "0,2-3,5");
    sxp_free(&x);
}
END_TEST

Suite *xm_guide_suite(void)
{
    Suite *s = suite_create("xm-guide");
    TCase *tc = tcase_create("samples");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, pv_domu1);
    tcase_add_test(tc, pv_domu1_verbatim);
    tcase_add_test(tc, hvm_guest);
    tcase_add_test(tc, hvm_guest_verbatim);
    tcase_add_test(tc, hvm_guest_from_iso);
    tcase_add_test(tc, nfs_root);
    tcase_add_test(tc, nfs_root_verbatim);
    tcase_add_test(tc, dhcp_guest);
    tcase_add_test(tc, vif_and_disk_examples);
    tcase_add_test(tc, cpus_per_vcpu);
    tcase_add_test(tc, cpus_common);
    tcase_add_test(tc, cpus_empty_and_zero);
    tcase_add_test(tc, dry_run_sxp);
    suite_add_tcase(s, tc);
    return s;
}
