/* labnet's router option for the restricted gateway's DHCP replies. */
#include "check_main.h"
#include "dhcp_router.h"

#include <arpa/inet.h>
#include <string.h>

/* A DHCP ACK as libslirp sends it: Ethernet, IPv4, UDP 67 -> 68, BOOTP,
 * cookie, options, END, then zero padding up to a 312-byte option area. */
static size_t make_reply(uint8_t *f, const uint8_t *opts, size_t nopts)
{
    memset(f, 0, 600);
    f[12] = 0x08;
    uint8_t *ip = f + 14;
    ip[0] = 0x45;
    size_t iplen = 20 + 8 + 236 + 4 + 312;
    ip[2] = (uint8_t)(iplen >> 8);
    ip[3] = (uint8_t)iplen;
    ip[9] = 17;
    uint8_t *u = ip + 20;
    u[1] = 67;
    u[3] = 68;
    u[6] = 0x12;
    u[7] = 0x34;
    uint8_t *b = u + 8;
    b[0] = 2;
    memcpy(b + 236, "\x63\x82\x53\x63", 4);
    memcpy(b + 240, opts, nopts);
    return 14 + iplen;
}

static const uint8_t *options(const uint8_t *f)
{
    return f + 14 + 20 + 8 + 236 + 4;
}

START_TEST(adds_router_before_end)
{
    uint8_t f[600];
    const uint8_t opts[] = { 53, 1, 5, 0, 1, 4, 255, 255, 255, 0, 255 };
    size_t len = make_reply(f, opts, sizeof opts);
    uint32_t gw = inet_addr("192.168.1.1");
    ck_assert_int_eq(dhcp_add_router(f, len, gw), 1);
    const uint8_t want[] = { 53, 1, 5, 0, 1, 4, 255, 255, 255, 0, 3, 4, 192, 168, 1, 1, 255 };
    ck_assert_mem_eq(options(f), want, sizeof want);
    ck_assert_uint_eq(f[14 + 20 + 6], 0);     /* UDP checksum cleared */
    ck_assert_uint_eq(f[14 + 20 + 7], 0);
    /* A second pass finds the router and leaves the frame alone. */
    ck_assert_int_eq(dhcp_add_router(f, len, gw), 0);
}
END_TEST

START_TEST(leaves_other_frames_alone)
{
    uint8_t f[600], copy[600];
    const uint8_t opts[] = { 53, 1, 5, 255 };
    size_t len = make_reply(f, opts, sizeof opts);
    uint32_t gw = inet_addr("192.168.1.1");
    f[14 + 20 + 1] = 53;                      /* from port 53: not DHCP */
    memcpy(copy, f, sizeof f);
    ck_assert_int_eq(dhcp_add_router(f, len, gw), 0);
    ck_assert_mem_eq(f, copy, sizeof f);
    make_reply(f, opts, sizeof opts);
    f[14 + 20 + 8] = 1;                       /* a BOOTREQUEST */
    ck_assert_int_eq(dhcp_add_router(f, len, gw), 0);
    make_reply(f, opts, sizeof opts);
    ck_assert_int_eq(dhcp_add_router(f, 100, gw), 0);   /* truncated */
    f[12] = 0x86;                             /* IPv6 */
    ck_assert_int_eq(dhcp_add_router(f, len, gw), 0);
}
END_TEST

START_TEST(no_room_or_no_end)
{
    uint8_t f[600];
    uint8_t opts[312];
    memset(opts, 0, sizeof opts);             /* all PAD, no END */
    size_t len = make_reply(f, opts, sizeof opts);
    ck_assert_int_eq(dhcp_add_router(f, len, inet_addr("192.168.1.1")), 0);
    opts[308] = 255;                          /* END too close to the end */
    len = make_reply(f, opts, sizeof opts);
    ck_assert_int_eq(dhcp_add_router(f, len, inet_addr("192.168.1.1")), 0);
    opts[308] = 0;
    opts[0] = 12;                             /* an option running past the area */
    opts[1] = 250;
    opts[2] = 0;
    len = make_reply(f, opts, sizeof opts);
    size_t cut = 20 + 8 + 236 + 4 + 3;        /* IP length cuts the options short */
    f[14 + 2] = (uint8_t)(cut >> 8);
    f[14 + 3] = (uint8_t)cut;
    ck_assert_int_eq(dhcp_add_router(f, len, inet_addr("192.168.1.1")), 0);
}
END_TEST

Suite *dhcp_router_suite(void)
{
    Suite *s = suite_create("dhcp_router");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, adds_router_before_end);
    tcase_add_test(tc, leaves_other_frames_alone);
    tcase_add_test(tc, no_room_or_no_end);
    suite_add_tcase(s, tc);
    return s;
}
