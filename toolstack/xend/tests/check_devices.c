/* Devices' pure parts: Xen 4.1's device numbers, MACs, the (device ...)
 * records and the xenstore nodes xend writes for them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check_xend.h"
#include "xend_vdev.h"

static const struct sxp *parse_doc(const char *text)
{
    static struct sxp doc;
    struct cfg_diags d = { 0 };

    sxp_free(&doc);
    ck_assert_int_eq(sxp_parse(text, strlen(text), "t", &doc, &d), 0);
    cfg_diags_free(&d);
    return doc.n ? &doc.items[0] : NULL;
}

START_TEST(test_vdev_numbers)
{
    static const struct { const char *name; uint32_t devid; bool ext; } good[] = {
        { "xvda", 202 << 8, false }, { "xvda1", (202 << 8) | 1, false },
        { "xvdb", (202 << 8) | 16, false }, { "xvdp15", (202 << 8) | 0xff, false },
        { "/dev/xvda1", (202 << 8) | 1, false },
        { "xvdq", (1u << 28) | (16 << 8), true }, { "xvdz3", (1u << 28) | (25 << 8) | 3, true },
        { "xvdaa", (1u << 28) | (26 << 8), true }, { "xvdiz15", (1u << 28) | (259 << 8) | 15, true },
        { "hda", 3 << 8, false }, { "hda1", (3 << 8) | 1, false }, { "hdb", (3 << 8) | 64, false },
        { "hdc", 22 << 8, false }, { "hdd2", (22 << 8) | 66, false },
        { "hde63", (33 << 8) | 63, false }, { "hdt", (91 << 8) | 64, false },
        { "sda", 8 << 8, false }, { "sda1", (8 << 8) | 1, false }, { "sdb", (8 << 8) | 16, false },
        { "sdp15", (8 << 8) | 255, false }, { "sdq", 65 << 8, false },
        { "sdaa", (65 << 8) | 160, false }, { "sdiv", (135 << 8) | 240, false },
        { "51713", 51713, false }, { "0xca01", 0xca01, false },
    };
    static const char *const bad[] = {
        "", "xvd", "xvda0", "xvda01", "xvda16", "xvdja", "xvdA", "xvda1x", "hd", "hdu",
        "hda64", "hdaa", "sda16", "sdja", "sdiw", "vda", "0x", "-1", "4294967296", "ide0",
    };
    uint32_t devid;
    bool ext;

    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        ck_assert_msg(xend_vdev_number(good[i].name, &devid, &ext) == 0, "%s", good[i].name);
        ck_assert_msg(devid == good[i].devid, "%s: %#x, not %#x", good[i].name, devid,
                      good[i].devid);
        ck_assert_msg(ext == good[i].ext, "%s", good[i].name);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(xend_vdev_number(bad[i], &devid, &ext) == -EINVAL, "%s", bad[i]);
}
END_TEST

START_TEST(test_mac)
{
    char mac[18];

    xend_mac_from((const uint8_t[3]){ 0xff, 0x12, 0xab }, mac);
    ck_assert_str_eq(mac, "00:16:3e:7f:12:ab");
    xend_mac_from((const uint8_t[3]){ 0x80, 0, 0 }, mac);
    ck_assert_str_eq(mac, "00:16:3e:00:00:00");
}
END_TEST

static int vbd_of(const char *text, struct xend_vbd *v, char **why)
{
    return xend_vbd_parse(parse_doc(text), v, why);
}

START_TEST(test_vbd_records)
{
    struct xend_vbd v;
    char *why;

    ck_assert_int_eq(vbd_of("(vbd (uname file:/root/d1.img) (dev xvda1) (mode w))", &v, &why), 0);
    ck_assert_str_eq(v.type, "file");
    ck_assert_str_eq(v.params, "/root/d1.img");
    ck_assert_str_eq(v.dev, "xvda1");
    ck_assert_str_eq(v.mode, "w");
    ck_assert_uint_eq(v.devid, 51713);
    ck_assert(!v.cdrom && !v.ext);
    xend_vbd_free(&v);
    /* tap:aio: is a file like file:, for the same loop device path. */
    ck_assert_int_eq(vbd_of("(tap2 (uname tap:aio:/home/giorgos/xen/domu1.img) (dev hda) "
                            "(mode r))", &v, &why), 0);
    ck_assert_str_eq(v.type, "file");
    ck_assert_str_eq(v.params, "/home/giorgos/xen/domu1.img");
    ck_assert_str_eq(v.mode, "r");
    ck_assert_uint_eq(v.devid, 768);
    xend_vbd_free(&v);
    ck_assert_int_eq(vbd_of("(tap2 (uname tap:tapdisk:aio:/i) (dev xvdq) (mode w!))", &v, &why), 0);
    ck_assert_str_eq(v.params, "/i");
    ck_assert(v.ext);
    xend_vbd_free(&v);
    ck_assert_int_eq(vbd_of("(vbd (uname phy:sda1) (dev sda1) (mode w))", &v, &why), 0);
    ck_assert_str_eq(v.type, "phy");
    ck_assert_str_eq(v.params, "/dev/sda1");
    xend_vbd_free(&v);
    ck_assert_int_eq(vbd_of("(vbd (uname phy:/dev/vg/x) (dev ioemu:hdc:cdrom) (mode r))", &v,
                            &why), 0);
    ck_assert_str_eq(v.params, "/dev/vg/x");
    ck_assert_str_eq(v.dev, "hdc");
    ck_assert(v.cdrom);
    ck_assert_uint_eq(v.devid, 22 << 8);
    xend_vbd_free(&v);

    static const struct { const char *rec; int err; const char *why; } bad[] = {
        { "(tap2 (uname tap:qcow:/i) (dev xvda) (mode w))", EOPNOTSUPP, "blktap2" },
        { "(vbd (uname nbd:host:1) (dev xvda) (mode w))", EOPNOTSUPP, "unknown disk type" },
        { "(vbd (uname '') (dev hdc:cdrom) (mode r))", EOPNOTSUPP, "empty drive" },
        { "(vbd (uname file:) (dev xvda) (mode w))", EINVAL, "names no file" },
        { "(vbd (uname file:/i) (dev xvdzzz) (mode w))", EINVAL, "xvdzzz" },
        { "(vbd (uname file:/i) (dev xvda) (mode rw))", EINVAL, "mode 'rw'" },
        { "(vbd (uname file:/i) (dev xvda) (mode w) (backend 1))", EOPNOTSUPP, "Domain-0" },
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(vbd_of(bad[i].rec, &v, &why) == -bad[i].err, "%s", bad[i].rec);
        ck_assert_msg(why && strstr(why, bad[i].why), "%s: %s", bad[i].rec, why);
        ck_assert_ptr_null(v.params);
        free(why);
    }
}
END_TEST

START_TEST(test_vif_records)
{
    static const uint8_t rnd[3] = { 0xc1, 0x02, 0x03 };
    struct xend_vif f;
    char *why;

    ck_assert_int_eq(xend_vif_parse(parse_doc("(vif (mac 00:16:3E:00:00:11) (bridge xenbr0))"),
                                    0, rnd, &f, &why), 0);
    ck_assert_str_eq(f.mac, "00:16:3e:00:00:11");
    ck_assert_str_eq(f.bridge, "xenbr0");
    ck_assert_ptr_null(f.script);
    ck_assert_int_eq(xend_vif_parse(parse_doc("(vif (script vif-nat))"), 2, rnd, &f, &why), 0);
    ck_assert_str_eq(f.mac, "00:16:3e:41:02:03");
    ck_assert_uint_eq(f.devid, 2);
    ck_assert_str_eq(f.script, "vif-nat");
    ck_assert_ptr_null(f.bridge);
    ck_assert_int_eq(xend_vif_parse(parse_doc("(vif (mac 00:16:3e:0:0:1))"), 0, rnd, &f, &why),
                     -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "mac"));
    free(why);
    ck_assert_int_eq(xend_vif_parse(parse_doc("(vif (type ioemu))"), 0, rnd, &f, &why),
                     -EOPNOTSUPP);
    free(why);
    ck_assert_int_eq(xend_vif_parse(parse_doc("(vif (backend 3))"), 0, rnd, &f, &why),
                     -EOPNOTSUPP);
    free(why);
}
END_TEST

static const char *node(const struct xend_node *n, size_t count, const char *key)
{
    for (size_t i = 0; i < count; i++)
        if (!strcmp(n[i].key, key))
            return n[i].value;
    return NULL;
}
/* Each {key, value} of want (ended by a NULL key) is among the nodes. */
static void expect(const struct xend_node *n, size_t count, const char *const want[][2])
{
    for (size_t i = 0; want[i][0]; i++) {
        const char *v = node(n, count, want[i][0]);
        ck_assert_msg(v && !strcmp(v, want[i][1]), "%s = %s, not %s", want[i][0],
                      v ? v : "(none)", want[i][1]);
    }
}

#define FRONT(d, k) node((d).fnode, (d).nfront, k)
#define BACK(d, k) node((d).bnode, (d).nback, k)

START_TEST(test_vbd_nodes)
{
    struct xend_vbd v;
    struct xend_dev_nodes d;
    char *why;

    ck_assert_int_eq(vbd_of("(vbd (uname file:/d.img) (dev xvda1) (mode w))", &v, &why), 0);
    ck_assert_int_eq(xend_vbd_nodes(&v, 7, "dev", &d), 0);
    ck_assert_str_eq(d.front, "/local/domain/7/device/vbd/51713");
    ck_assert_uint_eq(d.domid, 7);
    ck_assert_str_eq(d.back, "/local/domain/0/backend/vbd/7/51713");
    ck_assert_str_eq(FRONT(d, "backend"), d.back);
    ck_assert_str_eq(BACK(d, "frontend"), d.front);
    expect(d.fnode, d.nfront, (const char *const[][2]){
        { "backend-id", "0" }, { "state", "1" }, { "virtual-device", "51713" },
        { "device-type", "disk" }, { NULL, NULL } });
    expect(d.bnode, d.nback, (const char *const[][2]){
        { "frontend-id", "7" }, { "domain", "dev" }, { "online", "1" }, { "state", "1" },
        { "dev", "xvda1" }, { "type", "file" }, { "params", "/d.img" }, { "mode", "w" },
        { "removable", "0" }, { "script", "/etc/xen/scripts/block" }, { NULL, NULL } });
    ck_assert_ptr_null(BACK(d, "physical-device"));   /* the script's */
    xend_dev_nodes_free(&d);
    xend_vbd_free(&v);
    /* The extended numbers go in virtual-device-ext (blkif.py). */
    ck_assert_int_eq(vbd_of("(tap2 (uname tap:aio:/d.img) (dev xvdq) (mode r))", &v, &why), 0);
    ck_assert_int_eq(xend_vbd_nodes(&v, 1, "dev", &d), 0);
    ck_assert_str_eq(d.front, "/local/domain/1/device/vbd/268439552");
    ck_assert_str_eq(FRONT(d, "virtual-device-ext"), "268439552");
    ck_assert_ptr_null(FRONT(d, "virtual-device"));
    xend_dev_nodes_free(&d);
    xend_vbd_free(&v);
}
END_TEST

START_TEST(test_vif_nodes)
{
    static const uint8_t rnd[3] = { 1, 2, 3 };
    struct xend_vif f;
    struct xend_dev_nodes d;
    char *why;

    ck_assert_int_eq(xend_vif_parse(parse_doc("(vif (mac 00:16:3e:00:00:11))"), 1, rnd, &f,
                                    &why), 0);
    ck_assert_int_eq(xend_vif_nodes(&f, 3, "web", "vif-bridge", &d), 0);
    ck_assert_str_eq(d.front, "/local/domain/3/device/vif/1");
    ck_assert_str_eq(d.back, "/local/domain/0/backend/vif/3/1");
    expect(d.fnode, d.nfront, (const char *const[][2]){
        { "handle", "1" }, { "mac", "00:16:3e:00:00:11" }, { "state", "1" }, { NULL, NULL } });
    expect(d.bnode, d.nback, (const char *const[][2]){
        { "handle", "1" }, { "mac", "00:16:3e:00:00:11" }, { "frontend-id", "3" },
        { "script", "/etc/xen/scripts/vif-bridge" }, { NULL, NULL } });
    ck_assert_ptr_null(BACK(d, "bridge"));   /* vif-bridge picks the first */
    xend_dev_nodes_free(&d);
    ck_assert_int_eq(xend_vif_parse(parse_doc("(vif (bridge br0) (script /opt/vif-x))"), 0, rnd,
                                    &f, &why), 0);
    ck_assert_int_eq(xend_vif_nodes(&f, 3, "web", "vif-bridge", &d), 0);
    ck_assert_str_eq(BACK(d, "script"), "/opt/vif-x");
    ck_assert_str_eq(BACK(d, "bridge"), "br0");
    xend_dev_nodes_free(&d);
}
END_TEST

START_TEST(test_vdev_check)
{
    char *why;

    ck_assert_int_eq(xend_vdev_check(parse_doc(
        "(vm (name a) (device (vbd (uname file:/a) (dev xvda1) (mode w))) "
        "(device (tap2 (uname tap:aio:/b) (dev hda) (mode r))) (device (vif)) "
        "(device (vif (mac 00:16:3e:00:00:01))))"), &why), 0);
    ck_assert_int_eq(xend_vdev_check(parse_doc(
        "(vm (name a) (device (vif)) (device (pci (dev 0))))"), &why), -EOPNOTSUPP);
    ck_assert_ptr_nonnull(strstr(why, "(pci ...)"));
    free(why);
    ck_assert_int_eq(xend_vdev_check(parse_doc(
        "(vm (name a) (device (vif)) (device (vif (mac x))))"), &why), -EINVAL);
    ck_assert_ptr_nonnull(strstr(why, "vif 1"));
    free(why);
    parse_doc("(x)");
}
END_TEST

START_TEST(test_fix_macs)
{
    static const uint8_t rnd[6] = { 0x81, 2, 3, 4, 5, 6 };
    const struct sxp *vm = parse_doc("(vm (name a) (device (vif)) (device (vbd (uname file:/a))) "
                                     "(device (vif (mac 00:16:3e:00:00:09))) "
                                     "(device (vif (bridge br0))))");
    struct sxp out;
    char *text;

    ck_assert_int_eq(xend_vdev_fix_macs(vm, rnd, sizeof(rnd), &out), 0);
    text = sxp_format(&out, false);
    ck_assert_str_eq(text, "(vm (name a) (device (vif (mac 00:16:3e:01:02:03))) "
                           "(device (vbd (uname file:/a))) (device (vif (mac 00:16:3e:00:00:09))) "
                           "(device (vif (bridge br0) (mac 00:16:3e:04:05:06))))");
    free(text);
    sxp_free(&out);
    /* Three bytes per vif that needs one. */
    ck_assert_int_eq(xend_vdev_fix_macs(vm, rnd, 5, &out), -E2BIG);
    parse_doc("(x)");
}
END_TEST

TCase *devices_tcase(void)
{
    TCase *t = tcase_create("devices");

    tcase_add_test(t, test_vdev_numbers);
    tcase_add_test(t, test_mac);
    tcase_add_test(t, test_vbd_records);
    tcase_add_test(t, test_vif_records);
    tcase_add_test(t, test_vbd_nodes);
    tcase_add_test(t, test_vif_nodes);
    tcase_add_test(t, test_vdev_check);
    tcase_add_test(t, test_fix_macs);
    return t;
}
