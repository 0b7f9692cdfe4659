"""The JSONL export and its standalone verifier (tools/verify_audit_jsonl.py, standard library only)."""

from __future__ import annotations

import ast
import base64
import hashlib
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from itertools import pairwise
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.conftest import CODE, ROOT, Office
from tests.test_service import _run_to
from workflow.core import chain as audit
from workflow.core import checkpoint
from workflow.exports import jsonl_export
from workflow.exports.source import ExportContext, ExportEvent
from workflow.service import auditing
from workflow.service.facade import EvidenceInput

TOOL = ROOT / "tools" / "verify_audit_jsonl.py"


@pytest.fixture
def office(any_office: Office) -> Office:
    """Exports read what the store holds: these tests run on SQLite and on PostgreSQL."""
    return any_office


@cache
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_audit_jsonl", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def run_tool(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The verifier as an auditor runs it: isolated (-I) and without site-packages (-S), so neither the
    project nor any third-party package can be imported."""
    return subprocess.run([sys.executable, "-I", "-S", str(TOOL), *map(str, args)], capture_output=True,
                          text=True, timeout=120, check=False)


class Exported:
    def __init__(self, office: Office, tmp_path: Path) -> None:
        self.office = office
        self.flow = office.as_user("admin")
        self.cycle_id = _run_to(office, tmp_path, 5)
        self.checkpoint = tmp_path / "checkpoint.txt"
        self.public_key = tmp_path / "checkpoint.txt.pub"
        self.signed = auditing.take_checkpoint(self.flow, self.checkpoint, write_public_key=True)
        self.path = tmp_path / "audit.jsonl"
        self.written = auditing.export(self.flow, "jsonl", self.path)
        self.tmp_path = tmp_path

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines()]

    def rewrite(self, edit: Callable[[list[dict[str, Any]]], None], name: str = "tampered.jsonl") -> Path:
        lines = self.lines()
        edit(lines)
        target = self.tmp_path / name
        target.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
        return target


@pytest.fixture
def exported(office: Office, tmp_path: Path) -> Exported:
    return Exported(office, tmp_path)


def _events(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [line for line in lines if line["kind"] == "event"]


def _index_of_seq(lines: list[dict[str, Any]], seq: int) -> int:
    return next(i for i, line in enumerate(lines) if line["kind"] == "event" and line["seq"] == seq)


# --- the file -----------------------------------------------------------------------------------

def test_every_event_line_is_the_stored_row_byte_for_byte(exported: Exported) -> None:
    lines = exported.lines()
    with exported.flow.store.read() as tx:
        rows = tx.events()
    events = _events(lines)
    assert exported.written == len(rows) == len(events) > 5
    for line, row in zip(events, rows, strict=True):
        assert (line["seq"], line["hash"], line["prev_hash"]) == (row.seq, row.hash, row.prev_hash)
        assert line["payload"].encode("utf-8") == bytes(row.payload)
        assert audit.chain_hash(line["prev_hash"], line["payload"].encode("utf-8")) == line["hash"]


def test_layout_header_events_checkpoint_trailer(exported: Exported) -> None:
    lines = exported.lines()
    assert [line["kind"] for line in lines] == ["header"] + ["event"] * exported.written + ["checkpoint", "end"]
    header = lines[0]
    assert header["format"] == "workflow-audit-jsonl/1"
    assert header["generated_by"] == "admin" and header["generated_at"].endswith("Z")
    assert header["filters"] == {"cycle": None, "since": None, "until": None}
    assert header["chain"]["domain_tag"].encode("utf-8") == audit.DOMAIN_TAG
    assert header["chain"]["genesis"] == audit.GENESIS_HASH == "0" * 64
    assert header["verify_at_export"]["ok"] is True
    assert lines[-2] == {"kind": "checkpoint", "text": exported.checkpoint.read_text(encoding="utf-8"),
                         "public_key": exported.public_key.read_text(encoding="utf-8").strip()}
    assert lines[-1] == {"kind": "end", "events": exported.written}


def test_the_domain_tag_is_written_with_the_json_nul_escape_and_lines_stay_lines(exported: Exported) -> None:
    raw = exported.path.read_bytes()
    assert b'"domain_tag": "workflow.audit.v1\\u0000"' in raw.split(b"\n", 1)[0]
    assert raw.endswith(b"\n") and b"\r" not in raw
    assert len(raw.splitlines()) == exported.written + 3
    assert "Pérez".encode() in raw  # raw UTF-8, no ASCII escaping of names


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def test_raw_values_are_kept_and_odd_text_survives(office: Office, tmp_path: Path) -> None:
    title = '=HYPERLINK("x")\n\t"línea" \u2028\u2029\x85 \\ \U0001f600'
    cycle = office.as_user("ana").start_cycle(CODE, title)
    path = tmp_path / "odd.jsonl"
    auditing.export(office.as_user("admin"), "jsonl", path, cycle=cycle.id)
    raw = path.read_bytes()
    assert len(raw.decode("utf-8").splitlines()) == 3  # header, the event, trailer: one line by any reader
    assert b"\\u2028\\u2029\\u0085" in raw and "línea".encode() in raw
    line = _events([json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()])[0]
    assert title in _strings(json.loads(line["payload"]))  # not neutralised, not escaped away
    with office.as_user("admin").store.read() as tx:
        stored = tx.events(cycle.id)[0]
    assert line["payload"].encode("utf-8") == bytes(stored.payload)
    assert run_tool(path).returncode == 0


def _event(payload: bytes) -> ExportEvent:
    return ExportEvent(seq=1, at="2026-11-30T13:00:00.000000Z", type="t", cycle_id=None, actor_login="a",
                       actor_name="a", role_id=None, role_name=None, area_id=None, area_name=None,
                       procedure_code=None, procedure_version=None, activity_number=None, activity_name=None,
                       from_state=None, to_state=None, evidence=(), note=None, reason=None, payload=payload,
                       prev_hash=audit.GENESIS_HASH, hash=audit.chain_hash(audit.GENESIS_HASH, payload))


def test_a_payload_that_is_not_utf8_travels_as_base64_and_still_verifies(tmp_path: Path) -> None:
    payload = b'{"seq":1,"type":"\xff"}'
    line = jsonl_export.event_line(_event(payload))
    assert "payload" not in line and base64.b64decode(line["payload_b64"]) == payload
    path = tmp_path / "b64.jsonl"
    with path.open("wb") as out:
        count = jsonl_export.write(iter([_event(payload)]), out, ExportContext(generated_at="t", generated_by="me"))
    assert count == 1
    report = tool().verify_file(str(path))
    assert report.ok and report.hashes_checked == 1, report.problem


# --- the verifier, run as an auditor would ---------------------------------------------------------

def test_the_verifier_passes_an_intact_export_with_the_key_in_isolated_mode(exported: Exported) -> None:
    done = run_tool(exported.path, "--key", exported.public_key)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"events: {exported.written} (seq 1 to {exported.written})" in done.stdout
    assert "the key given with --key" in done.stdout
    assert f"event {exported.signed.size}'s hash is the checkpoint's signed head" in done.stdout
    assert done.stdout.rstrip().endswith("OK: every check above passed")
    assert "WARNING" not in done.stderr


def test_without_key_the_embedded_key_is_used_with_a_warning(exported: Exported) -> None:
    done = run_tool(exported.path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" in done.stderr and "proves nothing" in done.stderr
    assert "the key embedded in the export" in done.stdout


def test_json_report(exported: Exported) -> None:
    done = run_tool(exported.path, "--key", exported.public_key, "--json")
    report = json.loads(done.stdout)
    assert done.returncode == 0
    assert report["ok"] is True and report["events"] == exported.written and report["filtered"] is False
    assert report["checkpoint"]["size"] == exported.signed.size and report["key_source"] == "given"


def test_the_verifier_imports_only_the_standard_library() -> None:
    tree = ast.parse(TOOL.read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported and imported <= set(sys.stdlib_module_names) | {"__future__"}, imported


def test_the_verifier_is_python_3_8_syntax() -> None:
    ast.parse(TOOL.read_text(encoding="utf-8"), feature_version=(3, 8))


def test_a_failed_verify_at_export_is_passed_on_as_a_warning(exported: Exported) -> None:
    def edit(lines: list[dict[str, Any]]) -> None:
        lines[0]["verify_at_export"] = {"ok": False, "first_bad_seq": 3, "problem": "evidence missing"}

    report = tool().verify_file(str(exported.rewrite(edit)), exported.public_key.read_text())
    assert report.ok and any("did not verify at export time" in w for w in report.warnings)


def _edit_payload(seq: int) -> Callable[[list[dict[str, Any]]], None]:
    def edit(lines: list[dict[str, Any]]) -> None:
        line = lines[_index_of_seq(lines, seq)]
        forged = line["payload"].replace('"at":"2026', '"at":"2025', 1)
        assert forged != line["payload"]
        line["payload"] = forged
    return edit


def _delete(seq: int) -> Callable[[list[dict[str, Any]]], None]:
    def edit(lines: list[dict[str, Any]]) -> None:
        del lines[_index_of_seq(lines, seq)]
        lines[-1]["events"] -= 1  # a careful forger fixes the trailer too
    return edit


def _swap(seq: int) -> Callable[[list[dict[str, Any]]], None]:
    def edit(lines: list[dict[str, Any]]) -> None:
        i = _index_of_seq(lines, seq)
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return edit


def _swap_and_renumber(seq: int) -> Callable[[list[dict[str, Any]]], None]:
    def edit(lines: list[dict[str, Any]]) -> None:
        i = _index_of_seq(lines, seq)
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
        lines[i]["seq"], lines[i + 1]["seq"] = seq, seq + 1
    return edit


def _forge_signature(lines: list[dict[str, Any]]) -> None:
    text = lines[-2]["text"]
    body, signature = text.rsplit("signature: ", 1)
    raw = bytearray(base64.b64decode(signature.strip()))
    raw[0] ^= 1
    lines[-2]["text"] = body + "signature: " + base64.b64encode(bytes(raw)).decode("ascii") + "\n"


def _rehash_from(seq: int) -> Callable[[list[dict[str, Any]]], None]:
    """Edit event `seq` and recompute every hash after it: a consistent chain, but not the signed one."""
    def edit(lines: list[dict[str, Any]]) -> None:
        _edit_payload(seq)(lines)
        prev = None
        for line in _events(lines):
            if line["seq"] >= seq:
                line["prev_hash"] = prev or line["prev_hash"]
                line["hash"] = audit.chain_hash(line["prev_hash"], line["payload"].encode("utf-8"))
            prev = line["hash"]
    return edit


def _drop_last_event(lines: list[dict[str, Any]]) -> None:
    del lines[-3]
    lines[-1]["events"] -= 1


def _drop_trailer(lines: list[dict[str, Any]]) -> None:
    del lines[-1]


def _append_after_trailer(lines: list[dict[str, Any]]) -> None:
    lines.append(dict(lines[-3]))


def _other_origin(lines: list[dict[str, Any]]) -> None:
    """Replace the whole log's first event (rehashing everything): the checkpoint names another origin."""
    _rehash_from(1)(lines)
    lines[1]["prev_hash"] = audit.GENESIS_HASH


TAMPERING: list[tuple[str, Callable[[list[dict[str, Any]]], None], int | None, str]] = [
    ("edited payload", _edit_payload(4), 4, "the event was altered"),
    ("deleted middle event", _delete(4), 4, "event 4 is missing"),
    ("swapped lines", _swap(4), 4, "missing or out of place"),
    ("swapped and renumbered", _swap_and_renumber(4), 4, "hashed payload says seq 5"),
    ("forged checkpoint signature", _forge_signature, None, "signature does not verify"),
    ("history rewritten with fresh hashes", _rehash_from(3), None, "the log was rewritten"),
    ("tail cut off", _drop_last_event, None, "cut off the end"),
    ("trailer missing", _drop_trailer, None, "without its trailer"),
    ("line after the trailer", _append_after_trailer, None, "after the trailer"),
]


@pytest.mark.parametrize(("edit", "seq", "says"), [t[1:] for t in TAMPERING], ids=[t[0] for t in TAMPERING])
def test_tampering_is_found_and_named(exported: Exported, edit: Callable[[list[dict[str, Any]]], None],
                                      seq: int | None, says: str) -> None:
    tampered = exported.rewrite(edit)
    done = run_tool(tampered, "--key", exported.public_key)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAILED" in done.stderr and says in done.stderr, done.stderr
    if seq is not None:
        assert f"seq {seq}" in done.stderr


def test_rewritten_history_is_named_at_the_checkpoint_head(exported: Exported) -> None:
    report = tool().verify_file(str(exported.rewrite(_rehash_from(3))), exported.public_key.read_text())
    assert report.exit_code == 1 and report.first_bad_seq == exported.signed.size


def test_a_rehashed_edit_without_touching_the_rest_breaks_the_next_link(exported: Exported) -> None:
    def edit(lines: list[dict[str, Any]]) -> None:
        _edit_payload(4)(lines)
        line = lines[_index_of_seq(lines, 4)]
        line["hash"] = audit.chain_hash(line["prev_hash"], line["payload"].encode("utf-8"))

    report = tool().verify_file(str(exported.rewrite(edit)), exported.public_key.read_text())
    assert report.exit_code == 1 and report.first_bad_seq == 4 and "chain breaks between events 4 and 5" in \
        str(report.problem)


def test_a_checkpoint_of_another_log_is_refused(exported: Exported) -> None:
    report = tool().verify_file(str(exported.rewrite(_other_origin)), exported.public_key.read_text())
    assert report.exit_code == 1 and "another log" in str(report.problem) and report.first_bad_seq == 1


def test_another_key_is_refused(exported: Exported, tmp_path: Path) -> None:
    other = tmp_path / "other.pub"
    other.write_text(checkpoint.public_key_text(Ed25519PrivateKey.generate().public_key()), encoding="utf-8")
    done = run_tool(exported.path, "--key", other)
    assert done.returncode == 1 and "not with the given key" in done.stderr, done.stderr


def test_a_checkpoint_and_key_both_replaced_pass_only_without_key(exported: Exported, tmp_path: Path) -> None:
    """Why the embedded key proves nothing: a forger re-signs with their own key."""
    forger = Ed25519PrivateKey.generate()
    parsed, _body, _signature = checkpoint.parse(exported.checkpoint.read_text(encoding="utf-8"))

    def edit(lines: list[dict[str, Any]]) -> None:
        _rehash_from(3)(lines)
        head = _events(lines)[-1]["hash"]
        forged = replace(parsed, head=head, key=checkpoint.fingerprint(forger.public_key()))
        lines[-2] = {"kind": "checkpoint", "text": checkpoint.sign(forged, forger),
                     "public_key": checkpoint.public_key_text(forger.public_key()).strip()}

    tampered = exported.rewrite(edit)
    assert run_tool(tampered).returncode == 0  # with a warning: the embedded key proves nothing
    assert run_tool(tampered, "--key", exported.public_key).returncode == 1


@pytest.mark.parametrize("content", ["", "not json\n", '{"kind": "header", "format": "other/1"}\n',
                                     '{"kind": "event", "seq": 1}\n'])
def test_a_file_of_another_format_is_a_format_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "other.jsonl"
    path.write_text(content, encoding="utf-8")
    done = run_tool(path)
    assert done.returncode == 2 and "error" in done.stderr


def test_usage_errors_exit_2(exported: Exported, tmp_path: Path) -> None:
    bad_key = tmp_path / "bad.pub"
    bad_key.write_text("ssh-ed25519 AAAA\n", encoding="utf-8")
    assert run_tool(exported.path, "--key", bad_key).returncode == 2
    assert run_tool(exported.path, "--key", tmp_path / "missing.pub").returncode == 2
    assert run_tool(tmp_path / "missing.jsonl").returncode == 2
    assert run_tool().returncode == 2


def test_verify_file_is_a_library_function(exported: Exported) -> None:
    report = tool().verify_file(str(exported.path), exported.public_key.read_text(encoding="utf-8"))
    assert report.ok and report.exit_code == 0 and report.first_bad_seq is None
    assert report.events == report.hashes_checked == report.links_checked == exported.written
    assert report.key_source == "given" and report.checkpoint["head"] == exported.signed.head


# --- filtered exports ------------------------------------------------------------------------------

def test_a_cycle_export_checks_each_hash_and_says_links_across_the_filter_are_not_checked(
        office: Office, tmp_path: Path) -> None:
    second = office.as_user("ana").start_cycle(CODE, "otro")
    first = _run_to(office, tmp_path, 3)
    office.as_user("ana").complete(second.id, 1)  # interleaved with the first cycle's events
    evidence = tmp_path / "hoja.txt"
    evidence.write_text("hoja de vida", encoding="utf-8")
    office.as_user("luis").complete(first, 3, [EvidenceInput(evidence, "hoja_vida_tramites")])
    flow = office.as_user("admin")
    auditing.take_checkpoint(flow, tmp_path / "cp.txt", write_public_key=True)
    path = tmp_path / "cycle.jsonl"
    written = auditing.export(flow, "jsonl", path, cycle=first)
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["filters"] == {"cycle": first, "since": None, "until": None}
    seqs = [line["seq"] for line in _events(lines)]
    assert len(seqs) == written and seqs[0] > 1 and any(b - a > 1 for a, b in pairwise(seqs))

    done = run_tool(path, "--key", tmp_path / "cp.txt.pub")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"filtered export (cycle={first})" in done.stdout
    assert f"hashes re-computed from the payloads: {written}" in done.stdout
    assert "links are NOT checked" in done.stdout and "not checked" in done.stdout.splitlines()[-1]

    report = tool().verify_file(str(path), (tmp_path / "cp.txt.pub").read_text())
    assert report.filtered and report.hashes_checked == written and report.links_not_checkable >= 2
    assert report.links_checked + report.links_not_checkable == written

    edited = tmp_path / "edited.jsonl"
    i = _index_of_seq(lines, seqs[1])
    lines[i]["payload"] = lines[i]["payload"].replace('"at":"2026', '"at":"2025', 1)
    edited.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    done = run_tool(edited, "--key", tmp_path / "cp.txt.pub")
    assert done.returncode == 1 and f"seq {seqs[1]}" in done.stderr


def test_a_filtered_export_does_not_call_a_gap_a_deletion(office: Office, tmp_path: Path) -> None:
    first = _run_to(office, tmp_path, 3)
    flow = office.as_user("admin")
    path = tmp_path / "cycle.jsonl"
    auditing.export(flow, "jsonl", path, cycle=first)
    report = tool().verify_file(str(path))
    assert report.ok and report.filtered and not report.warnings


# --- pure-Python Ed25519 against RFC 8032 and cryptography ----------------------------------------

RFC8032_TESTS = [  # RFC 8032 section 7.1, TEST 1-3: (secret key, public key, message, signature)
    ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe2"
     "4655141438e7a100b"),
    ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302ae"
     "eb00d291612bb0c00"),
    ("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28d"
     "c027beceea1ec40a"),
]


@pytest.mark.parametrize(("secret", "public", "message", "signature"), RFC8032_TESTS, ids=["TEST1", "TEST2", "TEST3"])
def test_ed25519_rfc8032_vectors(secret: str, public: str, message: str, signature: str) -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secret))
    raw_public = checkpoint.raw_public_key(key.public_key())
    assert raw_public.hex() == public  # the vectors themselves, checked against cryptography
    assert key.sign(bytes.fromhex(message)).hex() == signature
    verify = tool().ed25519_verify
    assert verify(raw_public, bytes.fromhex(message), bytes.fromhex(signature))
    assert not verify(raw_public, bytes.fromhex(message) + b"x", bytes.fromhex(signature))
    forged = bytearray.fromhex(signature)
    forged[40] ^= 0x10
    assert not verify(raw_public, bytes.fromhex(message), bytes(forged))


def test_ed25519_agrees_with_cryptography_on_random_keys() -> None:
    verify = tool().ed25519_verify
    for n in range(8):
        key = Ed25519PrivateKey.generate()
        public = checkpoint.raw_public_key(key.public_key())
        message = hashlib.sha256(bytes([n])).digest() * n
        signature = key.sign(message)
        assert verify(public, message, signature)
        assert not verify(public, message + b"\x00", signature)
        assert not verify(public, message, signature[:63] + bytes([signature[63] ^ 0x01]))
        assert not verify(public, message, bytes([signature[0] ^ 0x01]) + signature[1:])
        other = checkpoint.raw_public_key(Ed25519PrivateKey.generate().public_key())
        assert not verify(other, message, signature)


def test_ed25519_rejects_malformed_inputs() -> None:
    verify = tool().ed25519_verify
    key = Ed25519PrivateKey.generate()
    public = checkpoint.raw_public_key(key.public_key())
    signature = key.sign(b"m")
    assert not verify(public[:31], b"m", signature)
    assert not verify(public, b"m", signature[:63])
    order = 2**252 + 27742317777372353535851937790883648493
    s = int.from_bytes(signature[32:], "little")
    assert not verify(public, b"m", signature[:32] + (s + order).to_bytes(32, "little"))  # S out of range
    not_a_point = (2**255 - 19 + 1).to_bytes(32, "little")  # y >= p: a non-canonical encoding
    assert not verify(not_a_point, b"m", signature)
