#!/usr/bin/python3
"""A stand-in for qemu-system-x86_64 in labrun's tests.

It takes QEMU's command line, connects to the serial socket labrun listens
on, serves QMP, writes the trace file, and "boots" the -kernel file, which
is a script of lines:
  print TEXT      write TEXT and CR LF to the console (Python escapes: \\x1b)
  trace TEXT      append TEXT and LF to the trace log
  sleep SECONDS
  shell [RING]     a root shell: echo, run each line with sh, print a prompt;
                  with RING, input is read every 50 ms and what is beyond RING
                  bytes is lost, as with Xen's 128-byte console input for dom0
  poweroff        exit 0      crash   exit 3      hang   sleep forever
Environment: FAKEQEMU_LOG, a file that gets "start <name> <time>" and
"end <name> <time>" lines.
"""
import json
import os
import socket
import subprocess
import sys
import threading
import time

PROMPT = "\x1b[1mroot@fake# \x1b[0m"


def parse_args(argv):
    opts = {"chardev": [], "name": "fake"}
    i = 1
    while i < len(argv):
        a = argv[i]
        val = argv[i + 1] if i + 1 < len(argv) else ""
        if a in ("-kernel", "-qmp", "-serial", "-name", "-append"):
            opts[a[1:]] = val
            i += 2
        elif a == "-chardev":
            opts["chardev"].append(val)
            i += 2
        elif a in ("-nodefaults", "-no-user-config", "-nographic", "-no-reboot", "-S"):
            i += 1
        else:
            i += 2
    return opts


def kv(spec):
    parts = spec.split(",")
    return parts[0], dict(p.split("=", 1) for p in parts[1:] if "=" in p)


def log(event, name):
    path = os.environ.get("FAKEQEMU_LOG")
    if path:
        with open(path, "a") as f:
            f.write("%s %s %.3f\n" % (event, name, time.time()))


class StdioSerial:
    """-serial mon:stdio: the console is this process's stdin and stdout."""

    def sendall(self, data):
        os.write(1, data)

    def recv(self, n):
        return os.read(0, n)


class FileSerial:
    """-serial file:PATH: output only."""

    def __init__(self, path):
        self.f = open(path, "ab", buffering=0)

    def sendall(self, data):
        self.f.write(data)

    def recv(self, n):
        while True:
            time.sleep(1)


class Machine:
    def __init__(self, opts):
        self.opts = opts
        serial = opts.get("serial", "")
        self.serial = None
        if serial == "mon:stdio":
            self.serial = StdioSerial()
        elif serial.startswith("file:"):
            self.serial = FileSerial(serial[5:])
        self.trace = None
        for spec in opts["chardev"]:
            kind, args = kv(spec)
            if kind == "socket" and args.get("id") == "ser0":
                self.serial = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.serial.connect(args["path"])
            elif kind == "file" and args.get("id") == "trace0":
                self.trace = open(args["path"], "a")
        self.lock = threading.Lock()

    def out(self, text):
        with self.lock:
            self.serial.sendall(text.encode())

    def qmp_server(self, path):
        srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        srv.bind(path)
        srv.listen(1)
        while True:
            conn, _ = srv.accept()
            threading.Thread(target=self.qmp_client, args=(conn,), daemon=True).start()

    def qmp_client(self, conn):
        f = conn.makefile("rw")
        f.write(json.dumps({"QMP": {"version": {}, "capabilities": []}}) + "\r\n")
        f.flush()
        for line in f:
            req = json.loads(line)
            cmd = req.get("execute")
            if cmd in ("qmp_capabilities", "stop", "cont", "system_reset"):
                reply = {"return": {}}
            elif cmd == "set_link":
                args = req.get("arguments", {})
                self.out("link %s %s\r\n" % (args.get("name"), "up" if args.get("up") else "down"))
                reply = {"return": {}}
            elif cmd == "query-status":
                reply = {"return": {"status": "running", "running": True}}
            elif cmd == "quit":
                os._exit(0)
            else:
                reply = {"error": {"class": "CommandNotFound", "desc": "The command %s has not been found" % cmd}}
            f.write(json.dumps({"timestamp": {}, "event": "NOISE"}) + "\r\n")
            f.write(json.dumps(reply) + "\r\n")
            f.flush()

    def shell(self, ring=0):
        self.out(PROMPT)
        buf = b""
        while True:
            if ring:
                time.sleep(0.05)
            data = self.serial.recv(4096)
            if not data:
                return
            if ring:
                data = data[:ring]
                self.out(data.decode(errors="replace").replace("\n", ""))
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                cmd = line.decode(errors="replace")
                self.out("\r\n" if ring else cmd + "\r\n")
                # The machine's own power-off: never the host's.
                if cmd.split(";")[0].strip() in ("poweroff", "reboot", "halt"):
                    return "poweroff"
                r = subprocess.run(["/bin/sh", "-c", cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                self.out(r.stdout.decode(errors="replace").replace("\n", "\r\n"))
                self.out(PROMPT)

    def boot(self):
        with open(self.opts["kernel"]) as f:
            script = f.read().splitlines()
        for line in script:
            word, _, rest = line.partition(" ")
            if word == "print":
                self.out(rest.encode().decode("unicode_escape") + "\r\n")
            elif word == "trace":
                self.trace.write(rest + "\n")
                self.trace.flush()
            elif word == "sleep":
                time.sleep(float(rest))
            elif word == "shell":
                if self.shell(int(rest or 0)) == "poweroff":
                    return 0
            elif word == "poweroff":
                return 0
            elif word == "crash":
                return 3
            elif word == "hang":
                while True:
                    time.sleep(1)
        while True:
            time.sleep(1)


def main():
    opts = parse_args(sys.argv)
    m = Machine(opts)
    qmp = opts.get("qmp", "")
    if qmp.startswith("unix:"):
        path = qmp[5:].split(",")[0]
        threading.Thread(target=m.qmp_server, args=(path,), daemon=True).start()
    log("start", opts["name"])
    rc = m.boot()
    log("end", opts["name"])
    os._exit(rc)


if __name__ == "__main__":
    main()
