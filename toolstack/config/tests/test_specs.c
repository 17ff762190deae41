/* The disk= and vif= mini-languages (guide 4.1.4, 4.2, 5). */
#include "test_util.h"

static struct xm_disk disk;
static struct xm_vif vif;
static char err[256];

static void teardown(void)
{
    xm_disk_free(&disk);
    xm_vif_free(&vif);
    err[0] = '\0';
}

START_TEST(disk_tap_aio)
{
    ck_assert_int_eq(xm_disk_parse("tap:aio:/home/giorgos/xen/domu1.img,xvda1,w",
                                   &disk, err, sizeof(err)), 0);
    ck_assert_int_eq(disk.backend, XM_DISK_TAP);
    ck_assert_str_eq(disk.tap_driver, "aio");
    ck_assert_str_eq(disk.target, "/home/giorgos/xen/domu1.img");
    ck_assert_str_eq(disk.vdev, "xvda1");
    ck_assert_int_eq(disk.mode, XM_DISK_RW);
    ck_assert(!disk.is_cdrom && !disk.ioemu);
    ck_assert_ptr_null(disk.backend_domain);
}
END_TEST

START_TEST(disk_phy_and_file)
{
    ck_assert_int_eq(xm_disk_parse("phy:/dev/sda1,xvda1,r", &disk, err,
                                   sizeof(err)), 0);
    ck_assert_int_eq(disk.backend, XM_DISK_PHY);
    ck_assert_str_eq(disk.target, "/dev/sda1");
    ck_assert_int_eq(disk.mode, XM_DISK_RO);
    xm_disk_free(&disk);
    ck_assert_int_eq(xm_disk_parse("phy:hda1,hda1,w", &disk, err,
                                   sizeof(err)), 0);
    ck_assert_str_eq(disk.target, "/dev/hda1");   /* xend adds /dev/ */
    xm_disk_free(&disk);
    ck_assert_int_eq(xm_disk_parse(" file:/home/giorgos/xen/domuhvm.img , "
                                   "ioemu:hda , w! ,1,x86_64-abi", &disk, err,
                                   sizeof(err)), 0);
    ck_assert_int_eq(disk.backend, XM_DISK_FILE);
    ck_assert_str_eq(disk.target, "/home/giorgos/xen/domuhvm.img");
    ck_assert(disk.ioemu);
    ck_assert_str_eq(disk.vdev, "hda");
    ck_assert_int_eq(disk.mode, XM_DISK_RW_SHARED);
    ck_assert_str_eq(disk.backend_domain, "1");
    ck_assert_str_eq(disk.protocol, "x86_64-abi");
}
END_TEST

START_TEST(disk_cdrom_empty_and_iso)
{
    ck_assert_int_eq(xm_disk_parse(",hdc:cdrom,r", &disk, err, sizeof(err)), 0);
    ck_assert_int_eq(disk.backend, XM_DISK_EMPTY);
    ck_assert_str_eq(disk.target, "");
    ck_assert_str_eq(disk.vdev, "hdc");
    ck_assert(disk.is_cdrom);
    ck_assert_int_eq(disk.mode, XM_DISK_RO);
    xm_disk_free(&disk);
    ck_assert_int_eq(xm_disk_parse("phy:/dev/cdrom,hdc:cdrom,r", &disk, err,
                                   sizeof(err)), 0);
    ck_assert_int_eq(disk.backend, XM_DISK_PHY);
    ck_assert_str_eq(disk.target, "/dev/cdrom");
    ck_assert(disk.is_cdrom);
}
END_TEST

static const char *const bad_disks[][2] = {
    { "tap:aio:/home/giorgos/xen/swap.img,w", "it has 2 comma-separated "
      "fields" },
    { "/img,xvda,w", "should start with phy:, file: or tap:aio:" },
    { "tap:foo:/x,xvda,w", "names no blktap driver" },
    { "tap:/x,xvda,w", "names no blktap driver" },
    { "file:,xvda,w", "names no device or file" },
    { "phy:/dev/sda,xvda,x", "mode 'x' should be 'r' (read-only) or 'w'" },
    { "phy:/dev/sda,hdz,w", "'hdz' is not a virtual device name" },
    { "phy:/dev/sda,eth0,w", "'eth0' is not a virtual device name" },
    { "phy:/dev/sda,hdc:floppy,r", "must be cdrom or disk" },
    { ",hdc,r", "an empty device is only allowed for a CD-ROM" },
    { "a,b,c,d,e,f", "it has 6 comma-separated fields" },
    { "", "it has 1 comma-separated field," },
};

START_TEST(disk_errors)
{
    ck_assert_int_eq(xm_disk_parse(bad_disks[_i][0], &disk, err, sizeof(err)),
                     -1);
    ck_assert_msg(strstr(err, bad_disks[_i][1]), "'%s' gave '%s'",
                  bad_disks[_i][0], err);
    ck_assert_ptr_null(disk.uname);   /* freed on error */
}
END_TEST

START_TEST(vif_mac_and_bridge)
{
    ck_assert_int_eq(xm_vif_parse("mac=00:16:3e:00:00:11, bridge=xenbr0", &vif,
                                  err, sizeof(err)), 0);
    ck_assert(vif.has_mac);
    ck_assert_int_eq(vif.mac[0], 0x00);
    ck_assert_int_eq(vif.mac[2], 0x3e);
    ck_assert_int_eq(vif.mac[5], 0x11);
    ck_assert_str_eq(vif.bridge, "xenbr0");
    ck_assert(!vif.type_ioemu);
}
END_TEST

START_TEST(vif_defaults_and_others)
{
    ck_assert_int_eq(xm_vif_parse("", &vif, err, sizeof(err)), 0);
    ck_assert(!vif.has_mac);
    ck_assert_ptr_null(vif.bridge);
    ck_assert_ptr_null(vif.script);
    ck_assert_int_eq(xm_vif_parse("bridge=xenbr1", &vif, err, sizeof(err)), 0);
    ck_assert_str_eq(vif.bridge, "xenbr1");
    xm_vif_free(&vif);
    ck_assert_int_eq(xm_vif_parse("type=ioemu, bridge=xenbr0", &vif, err,
                                  sizeof(err)), 0);
    ck_assert(vif.type_ioemu);
    xm_vif_free(&vif);
    ck_assert_int_eq(xm_vif_parse("ip=192.168.2.2 192.168.2.3,script=vif-route,"
                                  "vifname=web0,model=e1000,rate=10Mb/s,"
                                  "backend=0,accel=x", &vif, err,
                                  sizeof(err)), 0);
    ck_assert_str_eq(vif.ip, "192.168.2.2 192.168.2.3");
    ck_assert_str_eq(vif.script, "vif-route");
    ck_assert_str_eq(vif.vifname, "web0");
    ck_assert_str_eq(vif.model, "e1000");
    ck_assert_str_eq(vif.rate, "10Mb/s");
    ck_assert_str_eq(vif.backend, "0");
}
END_TEST

static const char *const bad_vifs[][2] = {
    { "mac=00:16:3e:00:00", "should be six hex pairs" },
    { "mac=00:16:3e:00:00:1g", "should be six hex pairs" },
    { "mac=01:16:3e:00:00:11", "is a multicast address" },
    { "bridge", "'bridge' should be a pair key=value" },
    { "bridge=", "'bridge=' has an empty value" },
    { "colour=blue", "'colour' is not a vif option" },
    { "type=e1000", "type 'e1000' should be ioemu or netfront" },
    { "ip=192.168.2", "ip '192.168.2' is not an IPv4 address" },
    { "bridge=br0,,", "'' should be a pair" },
};

START_TEST(vif_errors)
{
    ck_assert_int_eq(xm_vif_parse(bad_vifs[_i][0], &vif, err, sizeof(err)), -1);
    ck_assert_msg(strstr(err, bad_vifs[_i][1]), "'%s' gave '%s'",
                  bad_vifs[_i][0], err);
}
END_TEST

Suite *specs_suite(void)
{
    Suite *s = suite_create("specs");
    TCase *tc = tcase_create("disk-vif");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, disk_tap_aio);
    tcase_add_test(tc, disk_phy_and_file);
    tcase_add_test(tc, disk_cdrom_empty_and_iso);
    tcase_add_loop_test(tc, disk_errors, 0,
                        sizeof(bad_disks) / sizeof(*bad_disks));
    tcase_add_test(tc, vif_mac_and_bridge);
    tcase_add_test(tc, vif_defaults_and_others);
    tcase_add_loop_test(tc, vif_errors, 0, sizeof(bad_vifs) / sizeof(*bad_vifs));
    suite_add_tcase(s, tc);
    return s;
}
