"""The scale tooling: synthetic records, the related-records index, the record cache and the benchmark script."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, TODAY

import synthetic
from socialvalue import load_site_data
from socialvalue.related import RelatedIndex
from socialvalue.validation import load_library


def brute_force_related(record, records, count=3):
    """The definition of related case studies, comparing every pair (the reference for the fast index)."""
    def score(other):
        return (3 * len(set(record.sectors) & set(other.sectors))
                + 2 * len(set(record.beneficiaries) & set(other.beneficiaries))
                + len(set(record.regions) & set(other.regions))
                + len(set(record.headings) & set(other.headings)))
    scored = [(score(o), o) for o in records if o.slug != record.slug and score(o) > 0]
    scored.sort(key=lambda pair: (-pair[0], pair[1].name.casefold(), pair[1].slug))
    return [o.slug for _, o in scored[:count]]


@pytest.fixture(scope="module")
def synthetic_library(tmp_path_factory, taxonomy, schema):
    folder = tmp_path_factory.mktemp("synthetic")
    synthetic.write_records(folder, 150, taxonomy)
    return load_library(folder, taxonomy, schema, today=TODAY)


def test_synthetic_records_are_valid_and_plainly_fake(synthetic_library):
    assert synthetic_library.problems == []
    assert len(synthetic_library.records) == 150
    for record in synthetic_library.records:
        assert re.fullmatch(r"Synthetic Organisation \d{4}", record.name)
        assert all(s.url.startswith("https://www.example.org/synthetic/") for s in record.sources)


def test_synthetic_records_are_the_same_whatever_the_count(tmp_path, taxonomy):
    few = synthetic.write_records(tmp_path / "few", 3, taxonomy)
    many = synthetic.write_records(tmp_path / "many", 10, taxonomy)
    assert [p.read_bytes() for p in few] == [p.read_bytes() for p in many[:3]]
    other = synthetic.write_records(tmp_path / "other", 3, taxonomy, seed=7)
    assert [p.read_bytes() for p in other] != [p.read_bytes() for p in few]


def test_synthetic_records_are_about_the_size_of_real_ones(tmp_path, taxonomy):
    sizes = sorted(p.stat().st_size for p in synthetic.write_records(tmp_path, 60, taxonomy))
    real = sorted(p.stat().st_size for p in (ROOT / "data" / "case-studies").glob("*.yml"))
    median, real_median = sizes[len(sizes) // 2], real[len(real) // 2]
    assert 0.6 * real_median < median < 1.6 * real_median, (median, real_median)


def test_related_index_matches_the_pairwise_definition(synthetic_library, real_data):
    for records in (synthetic_library.records, real_data.records, synthetic_library.records + real_data.records):
        index = RelatedIndex(records)
        for record in records:
            assert [o.slug for o in index.related(record)] == brute_force_related(record, records), record.slug


def test_related_is_reused_but_not_stale(synthetic_library):
    from socialvalue.model import related
    records = synthetic_library.records
    first = [o.slug for o in related(records[0], records)]
    assert first == brute_force_related(records[0], records)
    fewer = [r for r in records if r.slug != first[0]]
    assert [o.slug for o in related(records[0], fewer)] == brute_force_related(records[0], fewer)


def copy_data(tmp_path: Path) -> Path:
    import shutil
    root = tmp_path / "project"
    shutil.copytree(ROOT / "data", root / "data")
    return root


# The real library's sources are read up to today, so tests over a copy of it check dates against today.
REAL_TODAY = max(TODAY, dt.date.today())


def test_record_cache_gives_the_same_records_and_drops_changed_files(tmp_path):
    root = copy_data(tmp_path)
    cache = tmp_path / "cache"
    cold = load_site_data(root, today=REAL_TODAY, cache_dir=cache)
    assert (cache / "records.json").exists()
    warm = load_site_data(root, today=REAL_TODAY, cache_dir=cache)
    assert warm.records == cold.records and warm.library.problems == []
    # An edited file is checked again: its problem is reported, with its line, every time.
    path = root / "data" / "case-studies" / "frc-group.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: provider", "kind: supplier"), encoding="utf-8")
    for _ in range(2):
        broken = load_site_data(root, today=REAL_TODAY, cache_dir=cache)
        assert [p.field for p in broken.library.problems] == ["kind"]
        assert broken.library.problems[0].path == "data/case-studies/frc-group.yml"


def test_records_kept_in_memory_between_serve_builds_follow_every_edit(tmp_path):
    """Under `make serve` the checked records and the cache file's entries stay in memory between saves; an
    edited, broken, mended or deleted file must still give exactly what a load without memory gives."""
    root = copy_data(tmp_path)
    cache, memory = tmp_path / "cache", {}
    cases = root / "data" / "case-studies"

    def both():
        kept = load_site_data(root, today=REAL_TODAY, cache_dir=cache, memory=memory)
        fresh = load_site_data(root, today=REAL_TODAY)
        assert kept.records == fresh.records and kept.library.problems == fresh.library.problems
        return kept

    first = both()
    second = both()
    assert all(a is b for a, b in zip(first.records, second.records))  # unchanged: the same objects
    path = cases / "frc-group.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^summary: .*$", "summary: Edited while serving, a summary long enough to pass.", text,
                           count=1, flags=re.M), encoding="utf-8")
    edited = both()
    assert next(r for r in edited.records if r.slug == "frc-group").summary.startswith("Edited while serving")
    path.write_text(text.replace("kind: provider", "kind: supplier"), encoding="utf-8")
    assert [p.field for p in both().library.problems] == ["kind"]
    path.write_text(text, encoding="utf-8")
    assert both().library.problems == []
    other = sorted(cases.glob("*.yml"))[0]
    other.unlink()
    assert other.stem not in {r.slug for r in both().records}
    taxonomy = root / "data" / "taxonomy.yml"  # new rules: every kept record is checked again under them
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace("  waste-and-re-use:", "  waste-reuse:", 1),
                        encoding="utf-8")
    assert "frc-group.yml" in " ".join(p.path for p in both().library.problems)

def test_record_cache_is_dropped_when_the_rules_change(tmp_path):
    from socialvalue.cache import RecordCache, fingerprint
    root = copy_data(tmp_path)
    load_site_data(root, today=REAL_TODAY, cache_dir=tmp_path / "cache")
    data = root / "data"
    key = fingerprint(data / "case-study.schema.json", data / "taxonomy.yml", today=REAL_TODAY)
    records = len(list((data / "case-studies").glob("*.yml")))
    assert len(RecordCache(tmp_path / "cache" / "records.json", key).entries) == records
    tomorrow = fingerprint(data / "case-study.schema.json", data / "taxonomy.yml", today=REAL_TODAY + dt.timedelta(1))
    assert RecordCache(tmp_path / "cache" / "records.json", tomorrow).entries == {}
    (data / "taxonomy.yml").write_text((data / "taxonomy.yml").read_text(encoding="utf-8") + "\n# edited\n",
                                       encoding="utf-8")
    edited = fingerprint(data / "case-study.schema.json", data / "taxonomy.yml", today=REAL_TODAY)
    assert edited != key and RecordCache(tmp_path / "cache" / "records.json", edited).entries == {}


def test_benchmark_smoke_run_prints_every_column():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "benchmark.py"), "--sizes", "5", "--repeat", "1"],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert header == ["Synthetic records", "Case-study pages", "Build CPU, cold (s)", "Build CPU, warm (s)",
                      "Wall, cold (s)", "Per record, cold (ms)", "Peak memory (MB)", "Output (MB)",
                      "Case-study page (KB)", "Index page (KB)", "Search index (KB)", "Floor (s)", "Cold / floor", "Warm / floor"]
    base, five = ([cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:4])
    assert len(rows) == 4 and base[0] == "0" and five[0] == "5"
    real = len(list((ROOT / "data" / "case-studies").glob("*.yml")))
    assert int(base[1]) == real and int(five[1]) == real + 5
    for row in (base, five):
        assert all(float(cell) > 0 for cell in row[2:5] + row[6:11]), row
    assert base[11] == base[12] == base[13] == "-"
    float(five[5])  # a number, perhaps negative when five records cost less than the noise
    assert float(five[11]) > 0 and float(five[12]) > 0 and float(five[13]) > 0
    assert float(five[10]) > float(base[10])  # five more pages in the search index
    # The index page holds only its first page of case studies: five more records leave it the same size.
    assert abs(float(five[9]) - float(base[9])) <= 1
    assert re.search(r"Fixed cost \(the real records only\): [\d.]+ s CPU", result.stdout)
