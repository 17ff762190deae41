"""bench/run's header names the QEMU the scenarios actually run."""
import os
import pathlib
import subprocess

BENCH = pathlib.Path(__file__).resolve().parents[2] / "bench" / "run"


def header(build, **env):
    e = dict(os.environ, BENCH_ONLY="header")
    e.pop("LABRUN_QEMU", None)
    e.update(env)
    return subprocess.run(["sh", str(BENCH), str(build)], capture_output=True, text=True, check=True, env=e).stdout


def fake_qemu(path, version, comment=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["#!/bin/sh"] + ([comment] if comment else []) + [f'echo "{version}"']
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o755)
    return path


def test_the_patched_build_with_its_debian_version_and_patches(tmp_path):
    q = fake_qemu(tmp_path / "qemu" / "qemu-system-x86_64", "QEMU emulator version 7.2.99",
                  "# Debian's QEMU 1:7.2+dfsg-7 with a.patch b.patch (qemu/README.md)")
    out = header(tmp_path)
    assert f"QEMU emulator version 7.2.99 (Debian 1:7.2+dfsg-7 + a.patch b.patch, {q})" in out


def test_labrun_qemu_wins_over_the_patched_build(tmp_path):
    fake_qemu(tmp_path / "qemu" / "qemu-system-x86_64", "QEMU emulator version 7.2.99",
              "# Debian's QEMU 1:7.2+dfsg-7 with a.patch (qemu/README.md)")
    other = fake_qemu(tmp_path / "other" / "qemu", "QEMU emulator version 9.9.9")
    out = header(tmp_path, LABRUN_QEMU=str(other))
    assert f"QEMU emulator version 9.9.9 ({other})" in out
    assert "7.2.99" not in out


def test_a_qemu_that_cannot_run_is_said(tmp_path):
    out = header(tmp_path, LABRUN_QEMU=str(tmp_path / "missing"))
    assert f"{tmp_path / 'missing'}: cannot run" in out


def test_make_bench_runs_bench_run_on_the_build_tree(tmp_path):
    """`make bench` (README's table) is bench/run on $(BUILD); `-o` keeps
    make from installing, building and fetching in the scratch tree."""
    q = fake_qemu(tmp_path / "qemu" / "qemu-system-x86_64", "QEMU emulator version 7.2.42")
    e = dict(os.environ, BENCH_ONLY="header")
    e.pop("LABRUN_QEMU", None)
    r = subprocess.run(["make", "--no-print-directory", "-C", str(BENCH.parents[1]),
                        "-o", "deps", "-o", "all", "-o", "fixtures", "bench", "BUILD=%s" % tmp_path],
                       capture_output=True, text=True, timeout=60, env=e)
    assert r.returncode == 0, r.stderr
    assert f"QEMU emulator version 7.2.42 ({q})" in r.stdout


def test_xm_vs_xl_takes_turns_and_gives_the_ratio(tmp_path):
    """BENCH_ONLY=xm: bench-domu-create with TOOL=xl and TOOL=xm in turn,
    each run's time from its steps.tsv, medians and xm/xl (a stand-in
    labrun: xl takes 10, 12 or 11 s, xm 8, 9 or 7 s)."""
    calls = tmp_path / "calls"
    labrun = tmp_path / "harness" / "labrun"
    labrun.parent.mkdir(parents=True)
    labrun.write_text(f"""#!/bin/sh
echo "$*" >> {calls}
while [ $# -gt 0 ]; do
  case $1 in --report) rep=$2; shift ;; --define) tool=${{2#TOOL=}}; shift ;; esac; shift
done
n=$(grep -c "TOOL=$tool" {calls})
case $tool in xl) t=$(echo 10 12 11 | cut -d' ' -f$n) ;; xm) t=$(echo 8 9 7 | cut -d' ' -f$n) ;; esac
mkdir -p "$rep/bench-domu-create"
printf '0\\t1\\tok\\t-\\tboot h1\\n100\\t100.5\\tok\\t-\\tsend   h1 "$tool create -c /etc/xen/domu1\\\\n"\\n100.5\\t%s\\tok\\t-\\texpect h1 300 /login:/\\n' $((100 + t)) > "$rep/bench-domu-create/steps.tsv"
echo "ok 1 - bench-domu-create"
""")
    labrun.chmod(0o755)
    e = dict(os.environ, BENCH_ONLY="xm", LABRUN_QEMU="true")
    out = subprocess.run(["sh", str(BENCH), str(tmp_path)], capture_output=True, text=True,
                         check=True, env=e).stdout
    tools = [l.split("TOOL=")[1].split()[0] for l in calls.read_text().splitlines()]
    assert tools == ["xl", "xm"] * 3
    assert all("--stack xen" in l for l in calls.read_text().splitlines())
    row = next(l for l in out.splitlines() if l.startswith("domU create to login (xm vs xl)"))
    assert "xl     11.00 s  [10.00 12.00 11.00]" in row
    assert "xm      8.00 s  [8.00 9.00 7.00]" in row
    assert "xm/xl 0.73" in row


def test_migration_rows_take_turns_and_give_the_ratios(tmp_path):
    """BENCH_ONLY=migrate: bench-migrate with TOOL=xl and TOOL=xm in turn;
    save, restore and migration times from steps.tsv, lost pings and bytes
    from h1's serial log (a stand-in labrun: xl saves in 4 s, xm in 2 s;
    xl loses 3 replies, xm 5; each sends 32 MiB)."""
    calls = tmp_path / "calls"
    labrun = tmp_path / "harness" / "labrun"
    labrun.parent.mkdir(parents=True)
    labrun.write_text(f"""#!/bin/sh
echo "$*" >> {calls}
while [ $# -gt 0 ]; do
  case $1 in --report) rep=$2; shift ;; --define) tool=${{2#TOOL=}}; shift ;; esac; shift
done
case $tool in xl) s=4 l=3 ;; xm) s=2 l=5 ;; esac
d=$rep/bench-migrate
mkdir -p "$d"
printf '0\\t1\\tok\\t-\\tboot h1\\n10\\t%s\\tok\\t-\\trun h1 timeout=300 -- $tool save bm /root/bm.save\\n20\\t23\\tok\\t-\\trun h1 timeout=300 -- $tool restore /root/bm.save\\n30\\t40\\tok\\t-\\trun h1 timeout=300 -- if [ $tool = xm ]; then xm migrate --live bm 192.168.1.102; fi\\n' $((10 + s)) > "$d/steps.tsv"
printf 'root@dom0$ awk print "bench lost "\\r\\nbench lost %s of 120\\r\\nbench bytes 33554432\\r\\n' $l > "$d/h1.serial.log"
echo "ok 1 - bench-migrate"
""")
    labrun.chmod(0o755)
    e = dict(os.environ, BENCH_ONLY="migrate", LABRUN_QEMU="true")
    out = subprocess.run(["sh", str(BENCH), str(tmp_path)], capture_output=True, text=True,
                         check=True, env=e).stdout
    tools = [l.split("TOOL=")[1].split()[0] for l in calls.read_text().splitlines()]
    assert tools == ["xl", "xm"] * 3
    rows = {l[:34].strip(): l for l in out.splitlines()}
    assert "xl      4.00 s" in rows["save (xm vs xl)"] and "xm/xl 0.50" in rows["save (xm vs xl)"]
    assert "xm/xl 1.00" in rows["restore (xm vs xl)"]
    assert "xl     10.00 s" in rows["live migration (xm vs xl)"]
    assert "xl         3  [3 3 3]" in rows["pings lost, 0.1 s each"]
    assert "xm/xl 1.67" in rows["pings lost, 0.1 s each"]
    assert "xm      32.0" in rows["MB sent"]
