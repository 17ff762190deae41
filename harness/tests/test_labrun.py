"""labrun's command line, against the fake QEMU (and real QEMU when fixtures exist)."""
import os
import shutil
import signal
import subprocess
import time
import uuid
import xml.etree.ElementTree as ET

import pytest

from .conftest import BUILD, FAKEQEMU as FAKEQEMU_BIN, LABNET as LABNET_BIN, LABRUN as LABRUN_BIN, labnets_under, pgrep

SHELL_KERNEL = """
    print booting \\x1b[32mfake\\x1b[0m kernel
    trace 1 0 0 boot start version=0.1
    print fake ready
    trace 2 5 0 boot done uptime_ns=5
    shell
"""


def linux_profile(lab, name="dom0", extra="", stack="linux"):
    k = lab.kernel(name, SHELL_KERNEL)
    lab.profile(stack, name, """
        kernel  %s
        append  console=ttyS0 mark=${MARK:-none}
        memory  64
        trace   0xe9
        ready   10 /fake ready/
        prompt  /# $/
        %s
    """ % (k, extra))


def good_scenario(lab, sid="good"):
    return lab.scenario(sid, """
        scenario %s
        title   Everything a step can do
        stacks  linux
        timeout 60
        host h1 lan=no
        boot h1
        run h1 -- echo hello; echo world
        output h1 /^hello$/
        no-output h1 /goodbye/
        run h1 status=3 -- (exit 3)
        run h1 status=any -- false
        trace h1 5 /boot done/
        qmp h1 query-status
        output h1 /running/
        qmp h1 stop
        send h1 "echo sent\\n"
        expect h1 5 /^sent/
        wait 0.2
        send h1 "poweroff\\n"
        poweroff h1 10
    """ % sid)


def test_pass(lab):
    linux_profile(lab)
    f = good_scenario(lab)
    r = lab.run("--tap-file", str(lab.dir / "t.tap"), f)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (lab.dir / "t.tap").read_text() == r.stdout
    lines = r.stdout.splitlines()
    assert lines[0] == "1..1"
    assert lines[1].startswith("ok 1 - good@linux (")
    art = lab.report / "good@linux"
    for name in ("h1.serial.log", "h1.trace.log", "h1.qemu.log", "steps.log", "repro.sh"):
        assert (art / name).exists(), name
    assert "-kernel" in (art / "h1.qemu.log").read_text()
    assert "\x1b[32m" in (art / "h1.serial.log").read_text()  # raw console kept
    repro = (art / "repro.sh").read_text()
    assert "--interactive --stack linux" in repro and "good.scn" in repro
    html = (lab.report / "report.html").read_text()
    assert html.count("good@linux") >= 2
    assert "good.scn:7</code> run h1 -- echo hello; echo world" in html  # timeline row
    assert "<code>boot done</code></td><td>1</td>" in html  # trace histogram
    assert 'href="good@linux/h1.serial.log"' in html
    assert "http" not in html.replace("http://", "")  # no external assets
    assert (lab.report / "results.tap").read_text().startswith("1..1\nok 1 - good@linux")


def test_fail_names_step_and_reproduction(lab):
    linux_profile(lab)
    f = lab.scenario("bad", """
        scenario bad
        stacks linux
        host h1 lan=no
        boot h1
        run h1 -- echo one
        expect h1 2 /never printed/
        run h1 -- echo not reached
    """)
    t0 = time.time()
    r = lab.run(f)
    elapsed = time.time() - t0
    assert r.returncode == 1
    assert "not ok 1 - bad@linux" in r.stdout
    assert "step bad.scn:6: expect h1 2 /never printed/" in r.stdout
    assert "timed out after 2 s" in r.stdout
    assert "fake ready" in r.stdout  # console tail
    assert "reproduce: " in r.stdout and "--interactive --stack linux bad.scn" in r.stdout
    assert elapsed < 30
    steps = (lab.report / "bad@linux" / "steps.log").read_text()
    assert "FAIL bad.scn:6:" in steps and "not reached" not in steps


def test_typing_paced_for_a_small_input_ring(lab):
    """A command longer than the guest's input ring still arrives whole."""
    k = lab.kernel("ring", """
        print fake ready
        shell 64
    """)
    lab.profile("linux", "dom0", """
        kernel  %s
        ready   10 /fake ready/
        prompt  /# $/
    """ % k)
    word = "".join("w%03d" % i for i in range(60))   # 240 characters
    sid = lab.scenario("ring", """
        scenario ring
        stacks  linux
        timeout 60
        host h1 lan=no
        boot h1
        run h1 timeout=20 -- echo %s | wc -c
        output h1 /^241$/
        kill h1
    """ % word)
    r = lab.run(sid)
    assert r.returncode == 0, r.stdout + r.stderr


def test_run_status_mismatch_fails(lab):
    linux_profile(lab)
    f = lab.scenario("st", """
        scenario st
        stacks linux
        host h1 lan=no
        boot h1
        run h1 -- echo out; (exit 4)
    """)
    r = lab.run(f)
    assert r.returncode == 1
    assert "exited with status 4, expected 0" in r.stdout
    assert "out" in r.stdout


def flaky_scenario(lab, sid, faults):
    """Fails its first run with FAULT-1 on the console, passes the next."""
    mark = "../%s.ran" % sid  # beside the artifact folder, which QEMU runs in
    return lab.scenario(sid, """
        scenario %s
        stacks linux
        %s
        host h1 lan=no
        boot h1
        run h1 -- test -e %s || { touch %s; echo FAULT-"1"; false; }
    """ % (sid, faults, mark, mark))


def test_known_fault_runs_scenario_again(lab):
    linux_profile(lab)
    f = flaky_scenario(lab, "kf", "known-fault linux /FAULT-1/ the fake's flaky CPU")
    r = lab.run(f)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[1].startswith("ok 1 - kf@linux (")
    assert "#   the first run failed (kf.scn:6: the command exited with status 1, expected 0" in r.stdout
    assert "known fault of stack linux, /FAULT-1/ (kf.scn:3: the fake's flaky CPU)" in r.stdout
    art = lab.report / "kf@linux"
    assert "FAULT-1" in (art / "attempt-1" / "h1.serial.log").read_text()
    assert "FAULT-1" not in (art / "h1.serial.log").read_text().replace('FAULT-"1"', "")
    assert (art / "repro.sh").exists() and not (art / "attempt-1" / "repro.sh").exists()
    html = (lab.report / "report.html").read_text()
    assert "Run twice" in html
    assert "1 run again on a known fault" in html
    assert '<td>pass</td><td class="bad">1</td>' in html
    junit = (lab.report / "junit.xml").read_text()
    assert "known fault of stack linux" in junit
    assert '<property name="reruns" value="1"/>' in junit
    assert "labrun: 1 passed, 0 failed, 0 skipped, 1 run again on a known fault in " in r.stderr


def test_unknown_fault_is_not_run_again(lab):
    linux_profile(lab)
    f = flaky_scenario(lab, "nk", "known-fault linux /FAULT-2/ another fault\n"
                       "        known-fault xen /FAULT-1/ the same fault on another stack")
    r = lab.run(f)
    assert r.returncode == 1
    assert "not ok 1 - nk@linux" in r.stdout and "known fault" not in r.stdout
    assert not (lab.report / "nk@linux" / "attempt-1").exists()
    assert '<property name="reruns" value="0"/>' in (lab.report / "junit.xml").read_text()
    assert "labrun: 0 passed, 1 failed, 0 skipped, 0 run again on a known fault in " in r.stderr


def test_known_fault_runs_again_only_once(lab):
    linux_profile(lab)
    f = lab.scenario("twice", """
        scenario twice
        stacks linux
        known-fault linux /FAULT-1/ always
        host h1 lan=no
        boot h1
        run h1 -- echo FAULT-"1"; false
    """)
    r = lab.run(f)
    assert r.returncode == 1
    assert "not ok 1 - twice@linux" in r.stdout
    assert "known fault of stack linux" in r.stdout
    assert "second run after a known fault" in (lab.report / "junit.xml").read_text()
    assert (lab.report / "twice@linux" / "attempt-1" / "steps.log").exists()
    assert not (lab.report / "twice@linux" / "attempt-1" / "attempt-1").exists()


def test_qemu_crash_fails_fast(lab):
    k = lab.kernel("crash", "print dying\ncrash\n")
    lab.profile("linux", "dom0", "kernel %s\n" % k)
    f = lab.scenario("cr", """
        scenario cr
        stacks linux
        host h1 lan=no
        boot h1
        expect h1 50 /never/
    """)
    t0 = time.time()
    r = lab.run(f)
    assert r.returncode == 1
    assert "exited with status 3" in r.stdout
    assert time.time() - t0 < 20


def test_poweroff_status_any_takes_a_crash(lab):
    k = lab.kernel("crash", "print dying\nsleep 0.5\ncrash\n")
    lab.profile("linux", "dom0", "kernel %s\n" % k)
    for sid, opt, ok in (("anyend", " status=any", True), ("cleanend", "", False)):
        f = lab.scenario(sid, """
            scenario %s
            stacks linux
            host h1 lan=no
            boot h1
            expect h1 10 /dying/
            poweroff h1 10%s
        """ % (sid, opt))
        r = lab.run(f)
        assert (r.returncode == 0) == ok, r.stdout
        if not ok:
            assert "exited with status 3 instead of powering off cleanly" in r.stdout


def test_missing_profile_is_skip(lab):
    f = lab.scenario("noprof", """
        scenario noprof
        stacks linux
        host h1
        boot h1
    """)
    r = lab.run(f)
    assert r.returncode == 0
    assert "ok 1 - noprof@linux # SKIP no profile profiles/linux-dom0.profile" in r.stdout


def test_stack_option_skips_other_stacks(lab):
    linux_profile(lab)
    f = good_scenario(lab)
    r = lab.run("--stack", "xen", f)
    assert r.returncode == 0
    assert "ok 1 - good@xen # SKIP" in r.stdout
    assert "other than xen" in r.stdout


def test_stack_option_takes_bare(lab):
    linux_profile(lab, stack="bare")
    f = lab.scenario("metal", """
        scenario metal
        stacks  bare
        host h1 lan=no
        boot h1
        trace h1 5 /boot done/
        kill h1
    """)
    r = lab.run("--stack", "bare", f)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "ok 1 - metal@bare (" in r.stdout
    r = lab.run("--stack", "metal", f)
    assert r.returncode == 2
    assert "--stack takes linux, xen, ours or bare, not 'metal'" in r.stderr


def test_bad_file_reports_file_and_line(lab):
    f = lab.scenario("broken", """
        scenario broken
        stacks linux
        host h1
        expect h1 5 /unterminated
    """)
    r = lab.run(f)
    assert r.returncode == 1
    assert "not ok 1 - broken@linux" in r.stdout
    assert "broken.scn:4: unterminated /regex/" in r.stdout
    c = lab.run("--check", f)
    assert c.returncode == 1
    assert c.stderr.strip().startswith("broken.scn:4: unterminated /regex/")


def test_check_and_list(lab):
    linux_profile(lab)
    f = good_scenario(lab)
    c = lab.run("--check", f)
    assert c.returncode == 0, c.stderr
    lab.profile("linux", "dom0", "kernel /k\nmemory lots\n")
    c = lab.run("--check", f)
    assert c.returncode == 1
    assert "profiles/linux-dom0.profile:2: memory takes a number" in c.stderr
    lst = lab.run("--list", f)
    assert lst.stdout == "good\tlinux\tEverything a step can do\n"


def test_on_blocks_give_each_stack_its_steps(lab):
    linux_profile(lab)
    linux_profile(lab, stack="xen")
    f = lab.scenario("both", """
        scenario both
        stacks  linux xen
        host h1 lan=no
        boot h1
        on linux
        run h1 -- echo via-${STACK}
        output h1 /^via-linux$/
        end
        on xen
        run h1 -- echo via-${STACK}
        output h1 /^never printed$/
        end
        send h1 "poweroff\\n"
        poweroff h1 10
    """)
    r = lab.run(f)
    assert r.returncode == 1
    assert "ok 1 - both@linux" in r.stdout
    assert "not ok 2 - both@xen" in r.stdout
    assert "step both.scn:11: output h1 /^never printed$/" in r.stdout
    # --check reads the file once per stack: an error inside any block is found.
    lab.scenario("both", (lab.dir / "both.scn").read_text().replace("output h1 /^never", "outptu h1 /^never"))
    c = lab.run("--check", f)
    assert c.returncode == 1
    assert "both.scn:11: unknown directive 'outptu'" in c.stderr


def test_junit_counts(lab):
    linux_profile(lab)
    good = good_scenario(lab)
    bad = lab.scenario("bad", """
        scenario bad
        stacks linux xen
        host h1 lan=no
        boot h1
        expect h1 1 /nope/
    """)
    r = lab.run("--junit", str(lab.dir / "j.xml"), good, bad)
    assert r.returncode == 1
    root = ET.parse(str(lab.dir / "j.xml")).getroot()
    suite = root.find("testsuite")
    assert suite.get("tests") == "3" and suite.get("failures") == "1" and suite.get("skipped") == "1"
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"good@linux", "bad@linux", "bad@xen"}
    fail = cases["bad@linux"].find("failure")
    assert "bad.scn:5" in fail.get("message")
    assert "fake ready" in cases["bad@linux"].find("system-out").text
    assert cases["bad@xen"].find("skipped") is not None
    assert cases["good@linux"].find("failure") is None


def test_shards_partition(lab):
    linux_profile(lab)
    files = [good_scenario(lab, "s%d" % i) for i in range(5)]
    seen = []
    for i in (1, 2):
        r = lab.run("--shard", "%d/2" % i, "--stack", "xen", *files)
        assert r.returncode == 0
        seen += [l.split(" - ")[1].split(" ")[0] for l in r.stdout.splitlines() if l.startswith("ok")]
    assert sorted(seen) == ["s%d@xen" % i for i in range(5)]
    r = lab.run("--shard", "1/2", "--stack", "xen", *files)
    assert "1..3" in r.stdout and "s0@xen" in r.stdout and "s2@xen" in r.stdout and "s4@xen" in r.stdout


def qemu_starts(lab):
    """When each fake QEMU started, by its host name (fakeqemu's log)."""
    start = {}
    for line in lab.qemu_log.read_text().splitlines():
        kind, name, t = line.split()
        if kind == "start":
            start[name] = float(t)
    return start


def test_parallel_jobs_overlap(lab):
    linux_profile(lab)
    files = []
    for i in range(2):
        files.append(lab.scenario("p%d" % i, """
            scenario p%d
            stacks linux
            host h%d lan=no
            boot h%d
            wait 4
        """ % (i, i, i)))
    r = lab.run("-j", "2", *files)
    assert r.returncode == 0, r.stdout
    # One after the other, the second QEMU would start after the first one's
    # 4 s wait; in parallel it starts while the first one waits.
    starts = sorted(qemu_starts(lab).values())
    assert len(starts) == 2
    steps = [(lab.report / ("p%d@linux" % i) / "steps.log").read_text() for i in range(2)]
    assert all("ok   p%d.scn:5: wait 4" % i in s for i, s in enumerate(steps))
    assert starts[1] - starts[0] < 4


def test_exclusive_scenario_runs_alone(lab):
    """`exclusive`: with -j 2, an exclusive scenario neither starts beside a
    running one nor lets the next start beside it."""
    linux_profile(lab)
    files = []
    for i, excl in enumerate(("", "exclusive", "")):
        files.append(lab.scenario("x%d" % i, """
            scenario x%d
            stacks linux
            %s
            host h%d lan=no
            boot h%d
            wait 3
        """ % (i, excl, i, i)))
    r = lab.run("-j", "2", *files)
    assert r.returncode == 0, r.stdout
    start = qemu_starts(lab)
    assert len(start) == 3
    # Each scenario waits 3 s after its boot: h1 (exclusive) starts only
    # once h0 is over, and h2 only once h1 is. With plain -j 2, h0 and h1
    # would start together.
    assert start["h1"] - start["h0"] >= 3, start
    assert start["h2"] - start["h1"] >= 3, start


def test_exclusive_takes_no_argument(lab):
    f = lab.scenario("bad", """
        scenario bad
        stacks linux
        exclusive yes
        host h1
    """)
    r = lab.run("--check", f)
    assert r.returncode != 0 and "bad.scn:3: unexpected text 'yes'" in r.stderr


def test_timeout_budget_kills_qemu(lab):
    marker = "mark" + uuid.uuid4().hex
    linux_profile(lab)
    f = lab.scenario("slow", """
        scenario slow
        stacks linux
        timeout 3
        host h1 lan=no
        boot h1
        expect h1 100 /never/
    """)
    t0 = time.time()
    r = lab.run("--define", "MARK=" + marker, f)
    assert r.returncode == 1
    assert "scenario budget of 3 s exhausted" in r.stdout
    assert time.time() - t0 < 20
    assert pgrep(marker) == []


def test_sigint_kills_every_qemu(lab):
    marker = "mark" + uuid.uuid4().hex
    linux_profile(lab)
    files = []
    for i in range(2):
        files.append(lab.scenario("hang%d" % i, """
            scenario hang%d
            stacks linux
            host h1 lan=no
            host h2
            boot h1
            boot h2
            expect h1 100 /never/
        """ % i))
    p = lab.popen("-j", "2", "--define", "MARK=" + marker, *files)
    deadline = time.time() + 20
    while len(pgrep(marker)) < 4 and time.time() < deadline:
        time.sleep(0.2)
    assert len(pgrep(marker)) == 4, "the fake QEMUs did not start"
    assert labnets_under(lab.report)  # h2 is on the LAN
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=20)
    assert p.returncode != 0
    assert "not ok" in out and "interrupted" in out
    time.sleep(0.3)
    assert pgrep(marker) == []
    assert labnets_under(lab.report) == []


def test_sigkill_of_labrun_leaves_nothing(lab):
    marker = "mark" + uuid.uuid4().hex
    linux_profile(lab)
    f = lab.scenario("orphan", """
        scenario orphan
        stacks linux
        host h1 lan=no
        boot h1
        expect h1 100 /never/
    """)
    p = lab.popen("--define", "MARK=" + marker, f)
    deadline = time.time() + 20
    while not pgrep(marker) and time.time() < deadline:
        time.sleep(0.2)
    assert pgrep(marker)
    p.kill()
    p.wait(timeout=10)
    deadline = time.time() + 10
    while pgrep(marker) and time.time() < deadline:
        time.sleep(0.2)
    assert pgrep(marker) == []


def test_link_and_qmp_error(lab):
    linux_profile(lab)
    f = lab.scenario("lnk", """
        scenario lnk
        stacks linux
        host h1
        boot h1
        link h1 down
        expect h1 5 /link lan0 down/
        link h1 up
        expect h1 5 /link lan0 up/
        qmp h1 no-such-command
    """)
    r = lab.run(f)
    assert r.returncode == 1
    assert "lnk.scn:9" in r.stdout and "CommandNotFound" in r.stdout
    assert (lab.report / "lnk@linux" / "lan.pcap").exists()


FIX = os.path.join(BUILD, "fixtures")
KERNEL = os.path.join(FIX, "linux", "vmlinuz-cloud")
INITRD = os.path.join(FIX, "initramfs", "bare.cpio")


@pytest.mark.skipif(not (os.path.exists(KERNEL) and os.path.exists(INITRD)),
                    reason="no fixtures (make fixtures builds %s and %s)" % (KERNEL, INITRD))
def test_real_qemu_boots_linux(lab):
    lab.profile("linux", "bare", """
        kernel  %s
        append  console=ttyS0 quiet
        initrd  %s
        memory  256
        prompt  /# $/
    """ % (KERNEL, INITRD))
    f = lab.scenario("real", """
        scenario real
        stacks linux
        timeout 120
        host h1 profile=bare
        boot h1
        run h1 timeout=90 -- uname -r
        output h1 /^6\\.1\\./
        run h1 -- ip link set eth0 up && udhcpc -i eth0 -n -q -t 5 2>&1
        output h1 /lease of 192\\.168\\.1\\.100 obtained from 192\\.168\\.1\\.1/
    """)
    r = lab.run(f, env={"LABRUN_QEMU": "qemu-system-x86_64"}, timeout=150)
    assert r.returncode == 0, r.stdout + r.stderr
    assert os.path.getsize(str(lab.report / "real@linux" / "lan.pcap")) > 24


def test_interactive_console_on_stdio(lab):
    marker = "mark" + uuid.uuid4().hex
    linux_profile(lab)
    f = lab.scenario("inter", """
        scenario inter
        stacks linux
        host h1
        host h2 lan=no
        boot h1
        expect h1 1 /never: steps are ignored/
    """)
    p = lab.popen("--interactive", "--stack", "linux", "--define", "MARK=" + marker, f)
    deadline = time.time() + 20
    while len(pgrep(marker)) < 2 and time.time() < deadline:
        time.sleep(0.2)
    assert len(pgrep(marker)) == 2  # both hosts boot
    out, err = p.communicate("echo typed-here\npoweroff\n", timeout=20)
    assert p.returncode == 0, err
    assert "fake ready" in out and "typed-here" in out
    assert "Ctrl-a x quits" in err
    time.sleep(0.3)
    assert pgrep(marker) == []
    assert labnets_under(lab.report) == []
    assert (lab.report / "interactive" / "h2.serial.log").exists()


def test_project_qemu_is_the_default(lab):
    """Without LABRUN_QEMU, labrun runs $BUILD/qemu/qemu-system-x86_64 (the
    patched build of qemu/) when it exists beside its own folder."""
    linux_profile(lab)
    f = good_scenario(lab, "dflt")
    tree = lab.dir / "tree"
    (tree / "harness").mkdir(parents=True)
    (tree / "qemu").mkdir()
    shutil.copy(LABRUN_BIN, tree / "harness" / "labrun")
    shutil.copy(LABNET_BIN, tree / "harness" / "labnet")
    wrapper = tree / "qemu" / "qemu-system-x86_64"
    wrapper.write_text("#!/bin/sh\necho patched >> %s/used\nexec %s \"$@\"\n" % (lab.dir, FAKEQEMU_BIN))
    wrapper.chmod(0o755)
    env = dict(os.environ, FAKEQEMU_LOG=str(lab.qemu_log))
    env.pop("LABRUN_QEMU", None)
    r = subprocess.run([str(tree / "harness" / "labrun"), "--report", str(lab.report), f], cwd=lab.dir,
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (lab.dir / "used").read_text() == "patched\n"
