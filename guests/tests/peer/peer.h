/* Test guest peer: two domains of one binary (role=a, role=b) talking
 * to each other through an interdomain event channel and grants. What
 * the two share lives in A's control page, granted to B at a fixed
 * reference, and each side moves through numbered steps written there. */
#ifndef PEER_H
#define PEER_H

#include "test.h"
#include "evtchn.h"

#include <xen/event_channel.h>
#include <xen/grant_table.h>

/* A's grant references, fixed so that B knows them without asking. */
#define REF_CTRL      8     /* the control page, read-write to B */
#define REF_RW        9     /* data, read-write to B */
#define REF_RO        10    /* data, read-only to B */
#define REF_OTHER     11    /* granted to A itself: not B's to map */
#define REF_REVOKED   12    /* granted to B, mapped once, then ended by A */
#define REF_NEVER     13    /* never granted */

#define PEER_MAGIC    0x72656570u

/* A's control page. Each side writes only its own fields. */
struct peer_ctrl {
    uint32_t magic;
    uint32_t a_step, b_step;
    uint32_t a_port, b_port;
    uint32_t rounds;
};

/* The steps, in order (each side's count of what it has done). */
enum {
    A_PUBLISHED = 1,    /* grants made, port allocated and written */
    B_BOUND = 1,        /* bound to A's port, its own port written */
    A_CHECKED = 2,      /* A saw the binding: B may send */
    B_SENT = 2,         /* B sent one event */
    A_SENT = 3,         /* A saw it and sent one back */
    B_MAPPED = 3,       /* B holds A's RW and RO grants mapped */
    A_REVOKED = 4,      /* A ended access to REF_REVOKED */
    B_UNMAPPED = 4,     /* B dropped its mappings */
    A_PING = 5,         /* ctrl->rounds set: the ping-pong starts */
    B_CLOSED = 5,       /* B answered every ping and closed its port */
    A_DONE = 6,         /* A checked its end: B may finish (so that the
                           two results come after everything else) */
};

extern domid_t self, peer;
extern volatile struct peer_ctrl *ctrl;

/* main.c: steps and small helpers. */
void set_step(volatile uint32_t *mine, uint32_t step);
void wait_step(const volatile uint32_t *theirs, uint32_t step, const char *what);
void expect(const char *what, long got, long want);
void yield(void);

/* events.c */
void events_init(void);
/* Waits up to ms for an upcall on p; true when one came. */
bool events_wait_seen(evtchn_port_t p, unsigned int ms);
void expect_status(const char *who, evtchn_port_t p, unsigned int status, domid_t dom,
                   evtchn_port_t rport);
/* The ping-pong over port p: A sends first and times, B (its port
 * masked before A_PING) answers. */
void pingpong_a(evtchn_port_t p, unsigned long warm, unsigned long n);
void pingpong_b(evtchn_port_t p, unsigned long rounds);

/* grants.c */
void grants_publish_a(void *ctrl_page);
void grants_check_a(void);
void grants_revoke_a(void);
void grants_after_a(void);
void grants_end_ctrl_a(void);
volatile struct peer_ctrl *grants_map_ctrl_b(void);
void grants_map_b(void);
void grants_unmap_b(void);
void grants_unmap_ctrl_b(void);

#endif
