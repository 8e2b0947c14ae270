"""The JSON command's fixed and per-file costs (issue 16, cold16): the text's UTF-8 made once at
the boundary, input checks without copies, chunks written to standard output's binary stream."""
import io
import sys

import pytest
from click.testing import CliRunner

from framing.cli.main import _write_chunks, main
from framing.engine.native import _core, boundary_text
from framing.inputs import InputError, read_article


def test_crosses_as_is_says_whether_text_has_utf8():
    assert _core.crosses_as_is("plain")
    assert _core.crosses_as_is("caf\u00e9 \u201cquoted\u201d \U0001f600")
    assert not _core.crosses_as_is("a\ud800b")
    assert not _core.crosses_as_is("\udfff")
    # the failed encoding leaves no Python error set behind
    assert _core.crosses_as_is("\u00e9")


def test_boundary_text_leaves_the_utf8_cached_for_the_engine():
    text = "".join(["caf\u00e9 ", "\u201cq\u201d " * 200])  # built at run time: no cached UTF-8 yet
    before = sys.getsizeof(text)
    assert boundary_text(text) is text
    # CPython counts a str's cached UTF-8 in its size: the check made it, so the engine's read of
    # the same str encodes nothing again (str.encode made a copy and dropped it)
    assert sys.getsizeof(text) > before


def test_boundary_text_replaces_lone_surrogates_only():
    assert boundary_text("\u00e9\ud800x\udc00") == "\u00e9\ufffdx\ufffd"
    t = "\u00e9t\u00e9"
    assert boundary_text(t) is t


@pytest.mark.parametrize("content", [b"", b" \n\t\r\n", "\u2003\u00a0\n".encode()])
def test_blank_file_is_one_error(tmp_path, content):
    p = tmp_path / "blank.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match="empty file"):
        read_article(str(p))


def test_text_with_a_word_after_spaces_is_read(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("\u2003\n  word\n".encode())
    assert read_article(str(p)) == (str(p), "\u2003\n  word\n")


def test_blank_html_page_is_one_error(tmp_path):
    p = tmp_path / "page.html"
    p.write_text("<html><body><p> \u00a0 </p></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="HTML page with no visible text"):
        read_article(str(p))


def test_nul_bytes_are_looked_for_in_the_first_64_kib_only(tmp_path):
    head = tmp_path / "head.txt"
    head.write_bytes(b"a" * 65535 + b"\x00" + b"b" * 10)
    with pytest.raises(InputError, match="looks binary"):
        read_article(str(head))
    later = tmp_path / "later.txt"
    later.write_bytes(b"a" * 65536 + b"\x00b")
    assert read_article(str(later))[1] == "a" * 65536 + "\x00b"


def test_chunks_follow_text_written_before_and_keep_their_order(monkeypatch):
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", stdout)
    sys.stdout.write("before ")  # still in the text layer's buffer
    _write_chunks(iter([b"[", b"1", b"]\n"]), None)
    assert raw.getvalue() == b"before [1]\n"


def test_chunks_to_a_text_only_stdout_fail_as_click_echo_did(monkeypatch):
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    with pytest.raises(TypeError):
        _write_chunks(iter([b"x"]), None)


def test_json_command_output_through_the_binary_stream(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Officials said the plan could \u201cchange everything\u201d.\n", encoding="utf-8")
    b.write_text("The minister announced the budget on Tuesday.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["score", "--format", "json", "--profile", "rules", str(a), "nope.txt", str(b)])
    assert res.exit_code == 2
    import json

    out = json.loads(res.stdout)
    assert [r["source"] for r in out] == [str(a), str(b)]
    assert "nope.txt: no such file" in res.stderr
