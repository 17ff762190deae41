/* The scenario parser: every directive and every error with its line. */
#include "check_main.h"
#include "scenario.h"

#include <stdlib.h>
#include <string.h>

static struct vars base;

static void setup(void)
{
    vars_init(&base);
    vars_set(&base, "FIXTURES", "/fx", VAR_BUILTIN);
    vars_set(&base, "STACK", "xen", VAR_BUILTIN);
    vars_set(&base, "WHO", "cmd", VAR_CMDLINE);
}

static void teardown(void)
{
    vars_free(&base);
}

static const char *full =
    "# a scenario\n"
    "scenario demo\n"
    "title   Demo of ${STACK}\n"
    "guide   2, 3\n"
    "stacks  xen ours\n"
    "timeout 90\n"
    "define  WHO=scenario\n"
    "define  GREETING=hello ${WHO}\n"
    "host h1 profile=lab memory=1024 cpus=2 cpu=EPYC lan=no reboot=yes mac=52:54:00:aa:bb:cc append=quiet x=1\n"
    "host h2\n"
    "boot h1\n"
    "expect h1 30 /login: \\/ ok/i   # comment\n"
    "send h1 \"root\\n${GREETING}\\x1d\"\n"
    "run h1 timeout=5 status=any -- echo '#x' | grep x  # comment\n"
    "run h2 status=3 -- false\n"
    "output h1 /x$/\n"
    "no-output h1 /y/\n"
    "trace h1 10 /^[0-9]+ boot/\n"
    "qmp h1 set_link {\"name\":\"lan0\",\"up\":false}\n"
    "qmp h1 stop\n"
    "link h2 down\n"
    "wait 1.5\n"
    "poweroff h1 \\\n"
    "   20\n"
    "kill h2\n";

START_TEST(parses_every_directive)
{
    struct scenario s;
    struct diag d;
    int rc = scenario_parse(full, "dir/demo.scn", &base, &s, &d);
    ck_assert_msg(rc == 0, "%s", d.msg);
    ck_assert_str_eq(s.id, "demo");
    ck_assert_str_eq(s.title, "Demo of xen");
    ck_assert_str_eq(s.guide, "2, 3");
    ck_assert_int_eq(s.nstacks, 2);
    ck_assert(scenario_has_stack(&s, "ours") && !scenario_has_stack(&s, "linux"));
    ck_assert(s.timeout == 90);
    ck_assert_int_eq(s.nhosts, 2);
    struct scn_host *h = &s.hosts[0];
    ck_assert_str_eq(h->profile, "lab");
    ck_assert_int_eq(h->memory, 1024);
    ck_assert_int_eq(h->cpus, 2);
    ck_assert_str_eq(h->cpu, "EPYC");
    ck_assert_int_eq(h->lan, 0);
    ck_assert_int_eq(h->reboot, 1);
    ck_assert_str_eq(h->mac, "52:54:00:aa:bb:cc");
    ck_assert_str_eq(h->append, "quiet x=1");
    ck_assert_str_eq(s.hosts[1].profile, "dom0");
    ck_assert_int_eq(s.hosts[1].lan, 1);
    ck_assert_int_eq(s.hosts[1].reboot, 0);
    ck_assert_int_eq(s.nsteps, 14);
    struct step *st = s.steps;
    ck_assert_int_eq(st[0].kind, STEP_BOOT);
    ck_assert_int_eq(st[0].line, 11);
    ck_assert_int_eq(st[1].kind, STEP_EXPECT);
    ck_assert_str_eq(st[1].pat.src, "login: / ok");
    ck_assert_int_eq(st[1].pat.icase, 1);
    ck_assert(st[1].timeout == 30);
    ck_assert_int_eq(st[2].kind, STEP_SEND);
    /* The command line wins over the scenario's define. */
    ck_assert_uint_eq(st[2].datalen, strlen("root\nhello cmd\x1d"));
    ck_assert(memcmp(st[2].data, "root\nhello cmd\x1d", st[2].datalen) == 0);
    ck_assert_int_eq(st[3].kind, STEP_RUN);
    ck_assert_str_eq(st[3].data, "echo '#x' | grep x");
    ck_assert(st[3].timeout == 5 && st[3].status_any);
    ck_assert_int_eq(st[4].status, 3);
    ck_assert(st[4].timeout == 60 && !st[4].status_any);
    ck_assert_int_eq(st[4].host, 1);
    ck_assert_int_eq(st[5].kind, STEP_OUTPUT);
    ck_assert_int_eq(st[6].kind, STEP_NO_OUTPUT);
    ck_assert_int_eq(st[7].kind, STEP_TRACE);
    ck_assert_str_eq(st[8].data, "set_link");
    ck_assert_str_eq(st[8].args, "{\"name\":\"lan0\",\"up\":false}");
    ck_assert_ptr_null(st[9].args);
    ck_assert_int_eq(st[10].kind, STEP_LINK);
    ck_assert_int_eq(st[10].up, 0);
    ck_assert_int_eq(st[11].kind, STEP_WAIT);
    ck_assert(st[11].timeout == 1.5);
    ck_assert_int_eq(st[12].kind, STEP_POWEROFF);
    ck_assert(st[12].timeout == 20);
    ck_assert_int_eq(st[12].line, 23);
    ck_assert_int_eq(st[13].kind, STEP_KILL);
    ck_assert_str_eq(vars_get(&s.vars, "GREETING"), "hello cmd");
    scenario_free(&s);
}
END_TEST

struct bad_case {
    const char *text;
    const char *where; /* "file:line:" */
    const char *what;
};

static const struct bad_case bad[] = {
    { "", "t.scn:1:", "empty scenario" },
    { "title x\n", "t.scn:1:", "first directive must be 'scenario" },
    { "scenario other\n", "t.scn:1:", "must equal the file name 't'" },
    { "scenario t\nscenario t\n", "t.scn:2:", "only once" },
    { "scenario t\nfrobnicate\n", "t.scn:2:", "unknown directive 'frobnicate'" },
    { "scenario t\n", "t.scn:1:", "no 'stacks' line" },
    { "scenario t\nstacks\n", "t.scn:2:", "at least one" },
    { "scenario t\nstacks xen vmware\n", "t.scn:2:", "unknown stack 'vmware'" },
    { "scenario t\nstacks xen xen\n", "t.scn:2:", "listed twice" },
    { "scenario t\ntimeout soon\n", "t.scn:2:", "number of seconds" },
    { "scenario t\nhost\n", "t.scn:2:", "missing host name" },
    { "scenario t\nhost h1\nhost h1\n", "t.scn:3:", "declared twice" },
    { "scenario t\nhost h/1\n", "t.scn:2:", "bad host name" },
    { "scenario t\nhost h1 color=red\n", "t.scn:2:", "unknown host key 'color'" },
    { "scenario t\nhost h1 lan=maybe\n", "t.scn:2:", "lan= takes yes or no" },
    { "scenario t\nhost h1 reboot=1\n", "t.scn:2:", "reboot= takes yes or no" },
    { "scenario t\nhost h1 memory=lots\n", "t.scn:2:", "memory in MiB" },
    { "scenario t\nhost h1 cpus=0\n", "t.scn:2:", "CPU count" },
    { "scenario t\nhost h1 mac=52:54\n", "t.scn:2:", "mac= takes" },
    { "scenario t\nhost h1 novalue\n", "t.scn:2:", "key=value" },
    { "scenario t\ndefine 1X=2\n", "t.scn:2:", "define NAME=VALUE" },
    { "scenario t\ndefine X\n", "t.scn:2:", "define NAME=VALUE" },
    { "scenario t\ntitle ${NOPE}\n", "t.scn:2:", "undefined variable ${NOPE}" },
    { "scenario t\nboot h1\n", "t.scn:2:", "unknown host 'h1'" },
    { "scenario t\nhost h1\nboot h2\n", "t.scn:3:", "declared so far: h1" },
    { "scenario t\nhost h1\nboot h1 now\n", "t.scn:3:", "unexpected text 'now'" },
    { "scenario t\nhost h1\nexpect h1 /x/\n", "t.scn:3:", "number of seconds" },
    { "scenario t\nhost h1\nexpect h1 10\n", "t.scn:3:", "expected a /regex/" },
    { "scenario t\nhost h1\nexpect h1 10 /x\n", "t.scn:3:", "unterminated /regex/" },
    { "scenario t\nhost h1\nexpect h1 10 /(/\n", "t.scn:3:", "bad regex" },
    { "scenario t\nhost h1\nexpect h1 10 /x/ y\n", "t.scn:3:", "unexpected text" },
    { "scenario t\nhost h1\nsend h1 root\n", "t.scn:3:", "double quotes" },
    { "scenario t\nhost h1\nsend h1 \"a\\q\"\n", "t.scn:3:", "unknown escape" },
    { "scenario t\nhost h1\nrun h1 ls\n", "t.scn:3:", "unexpected 'ls' in run" },
    { "scenario t\nhost h1\nrun h1\n", "t.scn:3:", "run needs '-- <command>'" },
    { "scenario t\nhost h1\nrun h1 --\n", "t.scn:3:", "empty command" },
    { "scenario t\nhost h1\nrun h1 status=300 -- ls\n", "t.scn:3:", "exit status" },
    { "scenario t\nhost h1\nrun h1 timeout=x -- ls\n", "t.scn:3:", "number of seconds" },
    { "scenario t\nhost h1\noutput h1 x\n", "t.scn:3:", "expected a /regex/" },
    { "scenario t\nhost h1\nqmp h1\n", "t.scn:3:", "missing QMP command" },
    { "scenario t\nhost h1\nqmp h1 stop [1]\n", "t.scn:3:", "JSON object" },
    { "scenario t\nhost h1\nlink h1 sideways\n", "t.scn:3:", "up or down" },
    { "scenario t\nwait\n", "t.scn:2:", "missing timeout" },
    { "scenario t\nhost h1\npoweroff h1\n", "t.scn:3:", "missing timeout" },
    { "scenario t\nhost h1\ntrace h1 5 /a\n", "t.scn:3:", "unterminated" },
    { "scenario t\nknown-fault\n", "t.scn:2:", "missing stack" },
    { "scenario t\nknown-fault hyperv /x/ why\n", "t.scn:2:", "unknown stack 'hyperv'" },
    { "scenario t\nknown-fault xen why\n", "t.scn:2:", "expected a /regex/" },
    { "scenario t\nknown-fault xen /(/ why\n", "t.scn:2:", "bad regex" },
    { "scenario t\nknown-fault xen /x/\n", "t.scn:2:", "needs a reason" },
    { "scenario t\non xen\nend\n", "t.scn:2:", "needs the 'stacks' line" },
    { "scenario t\nstacks xen\non\nend\n", "t.scn:3:", "at least one stack" },
    { "scenario t\nstacks xen\non ours\nend\n", "t.scn:3:", "not in this scenario's 'stacks'" },
    { "scenario t\nstacks xen\non vmware\nend\n", "t.scn:3:", "unknown stack 'vmware'" },
    { "scenario t\nstacks xen ours\non xen\non ours\n", "t.scn:4:", "do not nest: the one from line 3" },
    { "scenario t\nstacks xen\nend\n", "t.scn:3:", "'end' without an 'on' block" },
    { "scenario t\nstacks xen\non xen\nend now\n", "t.scn:4:", "unexpected text 'now'" },
    { "scenario t\nstacks xen ours\non ours\nstacks xen\nend\n", "t.scn:4:", "cannot be inside" },
    { "scenario t\nstacks xen ours\non ours\nhost h1\n\n", "t.scn:4:", "line 3 has no 'end'" },
    { "scenario t\nstacks xen ours\non ours\nhost h1\nend\nboot h1\n", "t.scn:6:", "unknown host 'h1'" },
    { "scenario t\nstacks xen ours\non xen\nfrobnicate\nend\n", "t.scn:4:", "unknown directive" },
    { "scenario t\n\n# c\nhost h1\n\nexpect h1 \\\n 5 \\\n /(/\n", "t.scn:6:", "bad regex" },
};

START_TEST(reports_errors_with_line)
{
    const struct bad_case *b = &bad[_i];
    struct scenario s;
    struct diag d;
    ck_assert_int_eq(scenario_parse(b->text, "t.scn", &base, &s, &d), -1);
    ck_assert_msg(strncmp(d.msg, b->where, strlen(b->where)) == 0, "case %d: '%s' lacks %s", _i, d.msg, b->where);
    ck_assert_msg(strstr(d.msg, b->what) != NULL, "case %d: '%s' lacks '%s'", _i, d.msg, b->what);
    scenario_free(&s);
}
END_TEST

START_TEST(stack_variable_and_default_timeout)
{
    struct scenario s;
    struct diag d;
    int rc = scenario_parse("scenario x\nstacks linux\nhost a\nexpect a 5 /${STACK:-none}-${FIXTURES}/\n",
                            "x.scn", &base, &s, &d);
    ck_assert_msg(rc == 0, "%s", d.msg);
    ck_assert_str_eq(s.steps[0].pat.src, "xen-/fx");
    ck_assert(s.timeout == 600);
    ck_assert_str_eq(step_kind_name(s.steps[0].kind), "expect");
    scenario_free(&s);
}
END_TEST

/* Stack bare: a bare-metal image under QEMU alone (guests/svm-conformance). */
START_TEST(bare_stack_is_known)
{
    struct scenario s;
    struct diag d;
    int rc = scenario_parse("scenario x\nstacks bare\nhost a profile=svm\nexpect a 5 /ok/\n",
                            "x.scn", &base, &s, &d);
    ck_assert_msg(rc == 0, "%s", d.msg);
    ck_assert(scenario_has_stack(&s, "bare") && !scenario_has_stack(&s, "linux"));
    ck_assert(stack_known("bare") && !stack_known("metal"));
    scenario_free(&s);
    rc = scenario_parse("scenario x\nstacks metal\n", "x.scn", &base, &s, &d);
    ck_assert_int_eq(rc, -1);
    ck_assert_msg(strstr(d.msg, "unknown stack 'metal' (linux, xen, ours or bare)"), "%s", d.msg);
    scenario_free(&s);
}
END_TEST

/* poweroff status=any: a test that shows QEMU crashing (an abort) expects it. */
START_TEST(poweroff_takes_status_any)
{
    struct scenario s;
    struct diag d;
    int rc = scenario_parse("scenario x\nstacks bare\nhost a\npoweroff a 5\npoweroff a 7 status=any\n",
                            "x.scn", &base, &s, &d);
    ck_assert_msg(rc == 0, "%s", d.msg);
    ck_assert(!s.steps[0].status_any && s.steps[1].status_any);
    ck_assert(s.steps[1].timeout == 7);
    scenario_free(&s);
    rc = scenario_parse("scenario x\nstacks bare\nhost a\npoweroff a 5 status=0\n", "x.scn", &base, &s, &d);
    ck_assert_int_eq(rc, -1);
    ck_assert_msg(strstr(d.msg, "x.scn:4: unexpected 'status=0' after poweroff's timeout"), "%s", d.msg);
    scenario_free(&s);
}
END_TEST

START_TEST(known_faults_match_by_stack)
{
    struct scenario s;
    struct diag d;
    int rc = scenario_parse("scenario x\nstacks xen ours\n"
                            "known-fault xen /CONTEXT: hvm guest \\(d[0-9]+v/ QEMU's ${STACK} fault\n"
                            "known-fault ours /late/i second\n",
                            "x.scn", &base, &s, &d);
    ck_assert_msg(rc == 0, "%s", d.msg);
    ck_assert_int_eq(s.nfaults, 2);
    ck_assert_int_eq(s.faults[0].line, 3);
    ck_assert_str_eq(s.faults[0].reason, "QEMU's xen fault");
    const char *dump = "(XEN) RFLAGS: 0246   CONTEXT: hvm guest (d1v0)\n";
    ck_assert_ptr_eq(scenario_known_fault(&s, "xen", dump), &s.faults[0]);
    ck_assert_ptr_null(scenario_known_fault(&s, "ours", dump));
    ck_assert_ptr_null(scenario_known_fault(&s, "xen", "CONTEXT: hypervisor (d0v0)\n"));
    ck_assert_ptr_eq(scenario_known_fault(&s, "ours", "too LATE"), &s.faults[1]);
    scenario_free(&s);
}
END_TEST

/* The file is parsed once per stack (base says STACK=xen here): only the
 * blocks naming that stack count, and their lines keep their numbers. */
START_TEST(on_blocks_select_the_stack)
{
    static const char text[] =
        "scenario x\n"
        "stacks xen ours\n"
        "on ours\n"
        "timeout 60\n"
        "host h1 profile=guests\n"
        "boot h1\n"
        "frobnicate\n"               /* an error of the other stack's turn */
        "end\n"
        "on xen\n"
        "timeout 900\n"
        "host h1 profile=dom0\n"
        "boot h1\n"
        "end\n"
        "on ours xen\n"
        "wait 1\n"
        "end\n";
    struct scenario s;
    struct diag d;
    int rc = scenario_parse(text, "x.scn", &base, &s, &d);
    ck_assert_msg(rc == 0, "%s", d.msg);
    ck_assert(s.timeout == 900);
    ck_assert_int_eq(s.nhosts, 1);
    ck_assert_str_eq(s.hosts[0].profile, "dom0");
    ck_assert_int_eq(s.hosts[0].line, 11);
    ck_assert_int_eq(s.nsteps, 2);
    ck_assert_int_eq(s.steps[0].line, 12);
    ck_assert_int_eq(s.steps[1].kind, STEP_WAIT);
    scenario_free(&s);

    struct vars ours;
    vars_init(&ours);
    vars_copy(&ours, &base);
    vars_set(&ours, "STACK", "ours", VAR_CONTEXT);
    ck_assert_int_eq(scenario_parse(text, "x.scn", &ours, &s, &d), -1);
    ck_assert_msg(strstr(d.msg, "x.scn:7:") && strstr(d.msg, "unknown directive 'frobnicate'"), "%s", d.msg);
    scenario_free(&s);
    vars_free(&ours);
}
END_TEST

Suite *scenario_suite(void)
{
    Suite *s = suite_create("scenario");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, parses_every_directive);
    tcase_add_loop_test(tc, reports_errors_with_line, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, stack_variable_and_default_timeout);
    tcase_add_test(tc, bare_stack_is_known);
    tcase_add_test(tc, poweroff_takes_status_any);
    tcase_add_test(tc, known_faults_match_by_stack);
    tcase_add_test(tc, on_blocks_select_the_stack);
    suite_add_tcase(s, tc);
    return s;
}
