"""ci/summarize: the closing line of the gate, and the logs of failing lines."""
import pathlib
import subprocess

SUMMARIZE = pathlib.Path(__file__).resolve().parents[2] / "ci" / "summarize"


def summarize(d):
    return subprocess.run(["sh", str(SUMMARIZE), str(d)], capture_output=True, text=True, check=True).stdout


def test_counts_every_tap_file(tmp_path):
    (tmp_path / "a.tap").write_text("ok 1 - x\nok 2 - y # SKIP no disk\nnot ok 3 - z # TODO later\n1..3\n")
    (tmp_path / "b.tap").write_text("ok 1 - x\nnot ok 2 - y\n1..2\n")
    out = summarize(tmp_path)
    assert out.splitlines()[-1] == "2 passed, 1 failed, 1 skipped"


def test_a_failing_line_brings_the_end_of_its_log(tmp_path):
    log = tmp_path / "readme-3.log"
    log.write_text("".join(f"line {i}\n" for i in range(1, 101)) + "coverage: abi-micro left no trace log\n")
    (tmp_path / "readme-commands.tap").write_text(f"ok 1 - make a\nnot ok 2 - make coverage (log: {log})\n1..2\n")
    out = summarize(tmp_path)
    assert f"---- the end of {log}" in out
    assert "  | coverage: abi-micro left no trace log" in out
    assert "  | line 100" in out and "  | line 60\n" not in out
    assert out.splitlines()[-1] == "1 passed, 1 failed, 0 skipped"


def test_a_phase_that_failed_without_tap_counts_once(tmp_path):
    (tmp_path / "failed-phases").write_text("fixtures\n")
    out = summarize(tmp_path)
    assert "phases that failed without a TAP result: fixtures" in out
    assert out.splitlines()[-1] == "0 passed, 1 failed, 0 skipped"
