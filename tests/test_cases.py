"""Shared cases (calc/cases.py): case file round trip and checks, the store, secrets, expiry."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from calc import Assumptions
from calc.cases import (
    CASE_FORMAT,
    CaseError,
    CaseExpiredError,
    CaseFileError,
    CaseNotFoundError,
    CaseSecretError,
    CaseStore,
    CaseStoreError,
    CaseTooLargeError,
    case_from_bytes,
    case_to_bytes,
    is_case_id,
)

ROOT = Path(__file__).resolve().parent.parent
SECRET_NAME = "Geheimkunde Müller & Söhne GmbH"


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    """A small canonical table with text, numbers, a date and a missing value."""
    return pd.DataFrame(
        {
            "customer_id": pd.array(["01067", "K2", "K3"], dtype="str"),
            "name": pd.array([SECRET_NAME, "Schäfer KG", None], dtype="str"),
            "revenue_2024": [1200.5, 15000.0, 0.0],
            "revenue_2025": [2000.0, 20000.0, float("nan")],
            "employees": [2.0, 10.0, 3.0],
            "last_order_date": pd.to_datetime(["2025-01-31", "2024-12-01", None]),
        }
    )


class Clock:
    """A settable clock for expiry tests."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def rezip(blob: bytes, **replace: bytes) -> bytes:
    """The case file with some members replaced (or added)."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for info in src.infolist():
            zf.writestr(info.filename, replace.pop(info.filename, src.read(info.filename)))
        for name, data in replace.items():
            zf.writestr(name, data)
    return out.getvalue()


class TestCaseFile:
    def test_round_trip_keeps_table_and_scenario(self, customers):
        scenario = Assumptions(capture_rate=0.05, horizon_years=7)
        case = case_from_bytes(case_to_bytes(customers, scenario, name="Workshop A"))
        pd.testing.assert_frame_equal(case.customers, customers)
        assert case.assumptions == scenario
        assert case.name == "Workshop A"
        assert case.expires_at is None

    def test_leading_zero_ids_stay_text(self, customers):
        case = case_from_bytes(case_to_bytes(customers, Assumptions()))
        assert case.customers["customer_id"].iloc[0] == "01067"

    def test_members_and_manifest(self, customers):
        zf = zipfile.ZipFile(io.BytesIO(case_to_bytes(customers, Assumptions())))
        assert sorted(zf.namelist()) == ["data.parquet", "manifest.json", "scenario.json"]
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["format"] == CASE_FORMAT and manifest["version"] == 1 and manifest["rows"] == 3
        # The scenario member is the CLI's --scenario format.
        assert Assumptions.from_json(zf.read("scenario.json").decode()) == Assumptions()

    def test_altered_scenario_is_refused(self, customers):
        blob = case_to_bytes(customers, Assumptions(capture_rate=0.05))
        forged = rezip(blob, **{"scenario.json": Assumptions(capture_rate=0.5).to_json().encode()})
        with pytest.raises(CaseFileError, match="checksum"):
            case_from_bytes(forged)

    def test_altered_data_is_refused(self, customers):
        blob = case_to_bytes(customers, Assumptions())
        other = case_to_bytes(customers.iloc[:2], Assumptions())
        data = zipfile.ZipFile(io.BytesIO(other)).read("data.parquet")
        with pytest.raises(CaseFileError, match="checksum"):
            case_from_bytes(rezip(blob, **{"data.parquet": data}))

    def test_non_ascii_checksum_is_refused(self, customers):
        blob = case_to_bytes(customers, Assumptions())
        manifest = json.loads(zipfile.ZipFile(io.BytesIO(blob)).read("manifest.json"))
        manifest["sha256"]["data.parquet"] = "prüfsumme"
        with pytest.raises(CaseFileError, match="checksum"):
            case_from_bytes(rezip(blob, **{"manifest.json": json.dumps(manifest).encode()}))

    def test_truncated_file_is_refused(self, customers):
        blob = case_to_bytes(customers, Assumptions())
        with pytest.raises(CaseFileError):
            case_from_bytes(blob[: len(blob) // 2])

    def test_not_a_zip(self):
        with pytest.raises(CaseFileError, match="not a zip"):
            case_from_bytes(b"Kundennummer;Umsatz\n1;2\n")

    def test_extra_member_is_refused(self, customers):
        blob = rezip(case_to_bytes(customers, Assumptions()), **{"../evil.sh": b"rm -rf /"})
        with pytest.raises(CaseFileError, match="expected exactly"):
            case_from_bytes(blob)

    def test_other_format_is_refused(self, customers):
        blob = case_to_bytes(customers, Assumptions())
        with pytest.raises(CaseFileError, match="not a case file"):
            case_from_bytes(rezip(blob, **{"manifest.json": b'{"format": "something-else", "version": 1}'}))

    def test_newer_version_is_refused_with_advice(self, customers):
        blob = case_to_bytes(customers, Assumptions())
        manifest = json.loads(zipfile.ZipFile(io.BytesIO(blob)).read("manifest.json"))
        manifest["version"] = 2
        with pytest.raises(CaseFileError, match="update the app"):
            case_from_bytes(rezip(blob, **{"manifest.json": json.dumps(manifest).encode()}))

    def test_oversized_file_is_refused_before_unpacking(self, customers):
        blob = case_to_bytes(customers, Assumptions())
        with pytest.raises(CaseTooLargeError, match="limit"):
            case_from_bytes(blob, max_bytes=len(blob) - 1)

    def test_zip_bomb_is_refused(self, customers):
        # 5 MB of zeros deflate to a few kB: small file, large content.
        blob = case_to_bytes(customers, Assumptions())
        out = io.BytesIO()
        src = zipfile.ZipFile(io.BytesIO(blob))
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", src.read("manifest.json"))
            zf.writestr("scenario.json", src.read("scenario.json"))
            zf.writestr("data.parquet", b"\0" * 5_000_000)
        assert len(out.getvalue()) < 100_000
        with pytest.raises(CaseTooLargeError):
            case_from_bytes(out.getvalue(), max_bytes=1_000_000)

    def test_non_canonical_column_is_refused_on_writing(self, customers):
        with pytest.raises(CaseFileError, match="'Umsatz'"):
            case_to_bytes(customers.assign(Umsatz=1.0), Assumptions())

    def test_table_without_customer_id_is_refused(self, customers):
        with pytest.raises(CaseFileError, match="customer_id"):
            case_to_bytes(customers.drop(columns="customer_id"), Assumptions())

    def test_wrong_column_type_is_refused(self, customers):
        # A hand-made file whose checksums are right but whose revenue column is text.
        bad = customers.assign(revenue_2024=["a", "b", "c"])
        good = case_to_bytes(customers, Assumptions())
        buf = io.BytesIO()
        pq.write_table(pa.Table.from_pandas(bad, preserve_index=False), buf)
        data = buf.getvalue()
        manifest = json.loads(zipfile.ZipFile(io.BytesIO(good)).read("manifest.json"))
        manifest["sha256"]["data.parquet"] = hashlib.sha256(data).hexdigest()
        forged = rezip(good, **{"data.parquet": data, "manifest.json": json.dumps(manifest).encode()})
        with pytest.raises(CaseFileError, match="'revenue_2024'.*wrong type"):
            case_from_bytes(forged)

    def test_every_error_has_a_german_message(self):
        with pytest.raises(CaseError) as info:
            case_from_bytes(b"not a zip")
        assert info.value.message("de").startswith("Die Falldatei ist nicht verwendbar")
        assert info.value.message("en") == str(info.value)


class TestCaseStore:
    @pytest.fixture()
    def clock(self):
        return Clock()

    @pytest.fixture()
    def store(self, tmp_path, clock):
        return CaseStore(tmp_path / "cases", clock=clock)

    def test_save_and_load(self, store, customers):
        shared = store.save(customers, Assumptions(capture_rate=0.05), name="CFO")
        case = store.load(shared.case_id)
        pd.testing.assert_frame_equal(case.customers, customers)
        assert case.assumptions.capture_rate == 0.05 and case.name == "CFO"

    def test_default_expiry_is_14_days(self, store, customers, clock):
        shared = store.save(customers, Assumptions())
        assert shared.expires_at - clock.now == timedelta(days=14)
        assert store.load(shared.case_id).expires_at == shared.expires_at

    def test_expiry_is_configurable(self, tmp_path, customers, clock):
        store = CaseStore(tmp_path, ttl_days=2, clock=clock)
        assert store.save(customers, Assumptions()).expires_at - clock.now == timedelta(days=2)
        assert store.save(customers, Assumptions(), ttl_days=0.5).expires_at - clock.now == timedelta(hours=12)

    def test_expired_case_is_refused_and_removed(self, store, customers, clock, tmp_path):
        shared = store.save(customers, Assumptions())
        clock.now += timedelta(days=14, seconds=1)
        with pytest.raises(CaseExpiredError, match="expired"):
            store.load(shared.case_id)
        assert list((tmp_path / "cases").iterdir()) == []
        with pytest.raises(CaseNotFoundError):
            store.load(shared.case_id)

    def test_case_is_valid_until_just_before_expiry(self, store, customers, clock):
        shared = store.save(customers, Assumptions())
        clock.now += timedelta(days=14) - timedelta(seconds=1)
        store.load(shared.case_id)

    def test_purge_removes_only_expired_cases(self, store, customers, clock, tmp_path):
        old = store.save(customers, Assumptions(), ttl_days=1)
        new = store.save(customers, Assumptions(), ttl_days=3)
        clock.now += timedelta(days=2)
        assert store.purge() == 1
        names = {p.name for p in (tmp_path / "cases").iterdir()}
        assert names == {f"{new.case_id}.case", f"{new.case_id}.json"}
        with pytest.raises(CaseNotFoundError):
            store.load(old.case_id)

    def test_save_purges(self, store, customers, clock, tmp_path):
        store.save(customers, Assumptions(), ttl_days=1)
        clock.now += timedelta(days=2)
        newer = store.save(customers, Assumptions())
        assert {p.name.split(".")[0] for p in (tmp_path / "cases").iterdir()} == {newer.case_id}

    def test_delete_with_the_secret(self, store, customers, tmp_path):
        shared = store.save(customers, Assumptions())
        store.delete(shared.case_id, shared.delete_secret)
        assert list((tmp_path / "cases").iterdir()) == []
        with pytest.raises(CaseNotFoundError):
            store.load(shared.case_id)

    def test_wrong_delete_secret_keeps_the_case(self, store, customers):
        shared = store.save(customers, Assumptions())
        for wrong in ("", shared.case_id, shared.delete_secret[:-1] + "A" if shared.delete_secret[-1] != "A" else "B"):
            with pytest.raises(CaseSecretError, match="nothing was deleted"):
                store.delete(shared.case_id, wrong)
        store.load(shared.case_id)

    def test_delete_secret_is_stored_only_hashed(self, store, customers, tmp_path):
        shared = store.save(customers, Assumptions())
        for path in (tmp_path / "cases").iterdir():
            assert shared.delete_secret.encode() not in path.read_bytes()

    def test_ids_carry_at_least_128_random_bits(self, store, customers):
        shared = store.save(customers, Assumptions())
        for token in (shared.case_id, shared.delete_secret):
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            assert len(raw) * 8 >= 128
            assert is_case_id(token)
        assert shared.case_id != shared.delete_secret
        ids = {store.save(customers, Assumptions()).case_id for _ in range(50)}
        assert len(ids) == 50

    @pytest.mark.parametrize("bad", ["", "abc", "../../etc/passwd", "x" * 21 + "/", "a" * 200, "A" * 32])
    def test_unknown_or_malformed_id_is_not_found(self, store, bad):
        with pytest.raises(CaseNotFoundError, match="no shared case"):
            store.load(bad)

    def test_messages_do_not_reveal_the_whole_id(self, store, customers):
        shared = store.save(customers, Assumptions())
        with pytest.raises(CaseSecretError) as info:
            store.delete(shared.case_id, "wrong")
        assert shared.case_id not in str(info.value) and shared.case_id not in info.value.de
        assert shared.case_id[:6] in str(info.value)

    def test_size_limit_on_saving(self, tmp_path, customers):
        store = CaseStore(tmp_path, max_bytes=1000)
        with pytest.raises(CaseTooLargeError, match="limit is 0.0 MB"):
            store.save(customers, Assumptions())
        assert list(tmp_path.iterdir()) == []

    def test_damaged_stored_file_is_refused(self, store, customers, tmp_path):
        shared = store.save(customers, Assumptions())
        path = tmp_path / "cases" / f"{shared.case_id}.case"
        path.write_bytes(path.read_bytes()[:-50])
        with pytest.raises(CaseFileError):
            store.load(shared.case_id)

    def test_case_file_download_reads_back(self, store, customers):
        shared = store.save(customers, Assumptions(capture_rate=0.04))
        case = case_from_bytes(store.case_file(shared.case_id))
        assert case.assumptions.capture_rate == 0.04

    def test_nothing_is_logged(self, store, customers, caplog):
        with caplog.at_level(logging.DEBUG):
            shared = store.save(customers, Assumptions())
            store.load(shared.case_id)
            store.delete(shared.case_id, shared.delete_secret)
        text = "\n".join(r.getMessage() for r in caplog.records)
        assert SECRET_NAME not in text and shared.case_id not in text

    def test_another_process_opens_the_case(self, tmp_path, customers):
        """Two server processes that share the directory share the cases."""
        shared = CaseStore(tmp_path).save(customers, Assumptions(capture_rate=0.06))
        code = (
            "import sys; from calc.cases import CaseStore\n"
            "c = CaseStore(sys.argv[1]).load(sys.argv[2])\n"
            "print(c.assumptions.capture_rate, len(c.customers), c.customers['name'].iloc[1])"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path), shared.case_id],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )
        assert out.stdout.split() == ["0.06", "3", "Schäfer", "KG"]


class TestFromEnv:
    def test_settings_from_the_environment(self, tmp_path, customers):
        store = CaseStore.from_env({"CASE_STORE_URL": str(tmp_path / "c"), "CASE_TTL_DAYS": "3", "CASE_MAX_MB": "1"})
        assert store.ttl_days == 3.0 and store.max_bytes == 1024 * 1024
        store.save(customers, Assumptions())
        assert len(list((tmp_path / "c").glob("*.case"))) == 1

    def test_defaults(self, tmp_path):
        store = CaseStore.from_env({"XDG_DATA_HOME": str(tmp_path)})
        assert store.ttl_days == 14.0 and store.max_bytes == 50 * 1024 * 1024
        assert (tmp_path / "smart-accounts" / "cases").is_dir()

    @pytest.mark.parametrize("raw", ["0", "-1", "zwei"])
    def test_bad_number_is_named(self, tmp_path, raw):
        with pytest.raises(CaseStoreError, match="CASE_TTL_DAYS"):
            CaseStore.from_env({"CASE_STORE_URL": str(tmp_path), "CASE_TTL_DAYS": raw})


class TestFsspecStore:
    @pytest.fixture()
    def url(self):
        pytest.importorskip("fsspec")
        import fsspec

        name = f"memory://cases-{id(self)}"
        yield name
        fsspec.filesystem("memory").rm(name.removeprefix("memory://"), recursive=True)

    def test_two_stores_on_one_location_share_cases(self, url, customers):
        shared = CaseStore(url).save(customers, Assumptions(capture_rate=0.05))
        case = CaseStore(url).load(shared.case_id)
        pd.testing.assert_frame_equal(case.customers, customers)

    def test_expiry_delete_and_purge(self, url, customers):
        clock = Clock()
        store = CaseStore(url, clock=clock)
        keep = store.save(customers, Assumptions(), ttl_days=5)
        gone = store.save(customers, Assumptions(), ttl_days=1)
        with pytest.raises(CaseSecretError):
            store.delete(keep.case_id, gone.delete_secret)
        clock.now += timedelta(days=2)
        assert store.purge() == 1
        with pytest.raises(CaseNotFoundError):
            store.load(gone.case_id)
        store.delete(keep.case_id, keep.delete_secret)
        with pytest.raises(CaseNotFoundError):
            store.load(keep.case_id)

    def test_file_url_is_shared_with_a_plain_directory(self, tmp_path, customers):
        pytest.importorskip("fsspec")
        shared = CaseStore(f"file://{tmp_path}").save(customers, Assumptions(capture_rate=0.07))
        assert CaseStore(tmp_path).load(shared.case_id).assumptions.capture_rate == 0.07
        assert sorted(p.suffix for p in tmp_path.iterdir()) == [".case", ".json"]

    def test_unknown_protocol_is_a_store_error(self):
        pytest.importorskip("fsspec")
        with pytest.raises(CaseStoreError, match="cannot be used"):
            CaseStore("nosuchprotocol://bucket/cases")
