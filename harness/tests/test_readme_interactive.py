"""The README's interactive entry points, typed as a user types them on a
terminal: `make run STACK=ours` (the console on this terminal, debug keys,
Ctrl-a x leaves) and `make debug` (gdb stopped at the hypervisor's entry, the
console on a unix socket, quitting gdb stops everything). They boot the real
hypervisor, so they need `make all fixtures` first (the gate runs them after)."""
import os
import pty
import re
import select
import signal
import socket
import subprocess
import threading
import time

import pytest

from .conftest import BUILD, REPO

HV = os.path.join(BUILD, "hypervisor", "hypervisor.elf")
DOM0 = os.path.join(BUILD, "fixtures", "dom0", "dom0.cpio")
ANSI = re.compile(rb"\x1b\[[0-9;?]*[a-zA-Z]")

pytestmark = pytest.mark.skipif(not (os.path.exists(HV) and os.path.exists(DOM0)),
                                reason="needs the hypervisor and fixtures built (make all fixtures)")


class Terminal:
    """`make TARGET...` on a pseudo-terminal, its output kept as it comes."""

    def __init__(self, *args):
        env = dict(os.environ, TERM="dumb")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(REPO)
            os.execvpe("make", ["make", "--no-print-directory", *args], env)
        self.out = b""

    def expect(self, pattern, timeout, since=0):
        deadline = time.time() + timeout
        rx = re.compile(pattern)
        while time.time() < deadline:
            m = rx.search(ANSI.sub(b"", self.out[since:]))
            if m:
                return m
            r, _, _ = select.select([self.fd], [], [], 0.5)
            if r:
                try:
                    data = os.read(self.fd, 4096)
                except OSError:
                    break
                if not data:
                    break
                self.out += data
        raise AssertionError("no %r in:\n%s" % (pattern, self.text()[-3000:]))

    def send(self, data):
        os.write(self.fd, data)

    def wait(self, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(st)
            try:
                r, _, _ = select.select([self.fd], [], [], 0.2)
                if r:
                    self.out += os.read(self.fd, 4096)
            except OSError:
                time.sleep(0.2)
        os.killpg(self.pid, signal.SIGKILL)
        raise AssertionError("still running after %ss:\n%s" % (timeout, self.text()[-3000:]))

    def text(self):
        return ANSI.sub(b"", self.out).decode(errors="replace")


def drain(sock, into):
    while True:
        try:
            data = sock.recv(4096)
        except OSError:
            return
        if not data:
            return
        into += data


def qemus_of(report_dir):
    r = subprocess.run(["pgrep", "-f", report_dir], capture_output=True, text=True)
    return [p for p in r.stdout.split() if p]


def test_make_run_stack_ours_boots_takes_debug_keys_and_ctrl_a_x_leaves():
    t = Terminal("run", "STACK=ours")
    t.expect(rb"\(XEN\) Boot done\. Debug keys on this console: 'h' lists them", 120)
    mark = len(t.out)
    t.send(b"h")
    t.expect(rb"'h' pressed -> showing installed handlers", 20, since=mark)
    t.send(b"\x01x")
    assert t.wait(30) == 0, t.text()[-2000:]
    assert "QEMU: Terminated" in t.text()


def test_make_debug_stops_at_the_entry_and_quitting_gdb_ends_it():
    t = Terminal("debug")
    sock = t.expect(rb"its console: socat -,raw,echo=0 UNIX-CONNECT:(\S+\.ser)", 120).group(1).decode()
    t.expect(rb"hit Breakpoint 1, start32 \(\) at arch/x86/boot/head\.S", 60)
    t.expect(rb"\(gdb\) $", 10)
    mark = len(t.out)
    t.send(b"info registers rip\n")
    t.expect(rb"rip +0x100070 +0x100070 <start32>", 10, since=mark)
    # Go on to the end of boot (a breakpoint in 64-bit code the BSP alone
    # runs, just before "Boot done"): the hypervisor's console is on the unix
    # socket (drained, or the emulated UART stalls), gdb on this terminal.
    console = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    console.connect(sock)
    seen = bytearray()
    reader = threading.Thread(target=drain, args=(console, seen), daemon=True)
    reader.start()
    t.send(b"break console_input_endboot\ncontinue\n")
    t.expect(rb"hit Breakpoint 2, console_input_endboot \(\)\s+at common/console_input\.c", 90, since=mark)
    t.expect(rb"\(gdb\) $", 10, since=mark)
    console.shutdown(socket.SHUT_RDWR)
    reader.join(5)
    assert b"(XEN) Dom0 settings:" in seen and b"Boot done" not in seen, bytes(seen[-2000:])
    t.send(b"quit\n")
    t.expect(rb"Quit anyway\? \(y or n\)", 10, since=mark)
    t.send(b"y\n")
    assert t.wait(30) == 0, t.text()[-2000:]
    report = os.path.dirname(sock)
    time.sleep(0.5)
    assert qemus_of(report) == []
