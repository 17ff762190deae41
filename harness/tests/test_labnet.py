"""labnet: frames between hosts, the pcap, the restricted gateway."""
import os
import socket
import struct
import subprocess
import time

import pytest

from .conftest import LABNET


def host_socket(d, name):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(str(d / (name + ".nic")))
    s.settimeout(3)
    return s


def frame(dst, src, payload=b"x" * 50):
    return bytes(dst) + bytes(src) + b"\x88\xb5" + payload


@pytest.fixture
def labnet(tmp_path):
    if not os.access(LABNET, os.X_OK):
        pytest.skip("labnet not built")
    p = subprocess.Popen([LABNET, "--dir", str(tmp_path), "--hosts", "a,b", "--pcap", "lan.pcap"])
    deadline = time.time() + 5
    while not (tmp_path / "b.lan").exists() and time.time() < deadline:
        time.sleep(0.05)
    yield tmp_path
    p.terminate()
    p.wait(timeout=5)


def test_switch_floods_then_learns_and_captures(labnet):
    d = labnet
    a, b = host_socket(d, "a"), host_socket(d, "b")
    A = [0x52, 0x54, 0, 0x12, 0x34, 1]
    B = [0x52, 0x54, 0, 0x12, 0x34, 2]
    a.sendto(frame([0xff] * 6, A), str(d / "a.lan"))
    assert b.recv(2000)[6:12] == bytes(A)
    b.sendto(frame(A, B), str(d / "b.lan"))
    assert a.recv(2000)[0:6] == bytes(A)
    time.sleep(0.2)
    data = (d / "lan.pcap").read_bytes()
    magic, major, minor, _, _, snap, link = struct.unpack("<IHHiIII", data[:24])
    assert (magic, major, minor, link) == (0xa1b2c3d4, 2, 4, 1)
    n, off = 0, 24
    while off < len(data):
        _, _, caplen, origlen = struct.unpack("<IIII", data[off:off + 16])
        assert caplen == origlen == 64
        off += 16 + caplen
        n += 1
    assert n == 2


def dhcp_discover(mac):
    bootp = struct.pack("!BBBBIHHIIII16s64s128sI", 1, 1, 6, 0, 0x1234, 0, 0x8000, 0, 0, 0, 0,
                        bytes(mac) + b"\0" * 10, b"", b"", 0x63825363)
    bootp += bytes([53, 1, 1, 255])
    udp_len = 8 + len(bootp)
    udp = struct.pack("!HHHH", 68, 67, udp_len, 0) + bootp
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, 0, 0, 64, 17, 0, b"\0" * 4, b"\xff" * 4)
    csum = 0
    for i in range(0, 20, 2):
        csum += (ip[i] << 8) | ip[i + 1]
    while csum >> 16:
        csum = (csum & 0xffff) + (csum >> 16)
    ip = ip[:10] + struct.pack("!H", ~csum & 0xffff) + ip[12:]
    return bytes([0xff] * 6) + bytes(mac) + b"\x08\x00" + ip + udp


def test_gateway_offers_dhcp_on_the_home_lan(labnet):
    d = labnet
    a = host_socket(d, "a")
    mac = [0x52, 0x54, 0, 0x12, 0x34, 1]
    a.sendto(dhcp_discover(mac), str(d / "a.lan"))
    deadline = time.time() + 5
    while time.time() < deadline:
        f = a.recv(2000)
        if f[12:14] == b"\x08\x00" and f[23] == 17 and f[34 + 2:34 + 4] == b"\x00\x44":
            yiaddr = f[34 + 8 + 16:34 + 8 + 20]
            assert socket.inet_ntoa(yiaddr) == "192.168.1.100"
            assert socket.inet_ntoa(f[26:30]) == "192.168.1.1"
            return
    pytest.fail("no DHCP offer")
