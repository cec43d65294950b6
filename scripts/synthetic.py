"""Synthetic case-study records for benchmarks and tests: valid, realistically sized, plainly fake.

Usage: python scripts/synthetic.py COUNT FOLDER [--seed N]
Record i is the same for a given seed whatever COUNT is, so page sizes compare across sizes.
Names read "Synthetic Organisation 0042" and links go to example.org: nothing here looks like a real fact.
Sizes follow the real records in data/case-studies/ (about 10 KB of YAML each: two services, five claims,
eleven figures, eight sources).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from socialvalue.taxonomy import Taxonomy, load_taxonomy  # noqa: E402

SEED = 2012
HEADER = "# yaml-language-server: $schema=../case-study.schema.json\n# Synthetic record for benchmarks: not real data.\n"
WORDS = (
    "the service trains local people and helps them into paid work while the council buys from small firms "
    "in the area and the contract asks for apprenticeships volunteers furniture bicycles meals homes repairs "
    "waste is collected sorted and passed on for re-use so less goes to landfill staff report progress each "
    "quarter to the commissioner who checks the figures against the plan agreed at the start of the contract"
).split()


def sentence(rng: random.Random, length: int) -> str:
    """About `length` characters of plain lower-case words, capitalised, ending with a full stop."""
    words: list[str] = []
    size = 0
    while size < length - 1:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    text = " ".join(words)[: max(1, length - 1)].rstrip()
    return text[0].upper() + text[1:] + "."


def _pick(rng: random.Random, keys: list[str], low: int, high: int) -> list[str]:
    return rng.sample(keys, rng.randint(low, min(high, len(keys))))


def synthetic_record(index: int, taxonomy: Taxonomy, seed: int = SEED) -> dict[str, Any]:
    """The data of synthetic record number `index` (valid against the schema and the taxonomy)."""
    rng = random.Random(f"{seed}-{index}")
    number = f"{index:04d}"
    name = f"Synthetic Organisation {number}"
    source_count = rng.randint(5, 12)
    ids = [f"source-{i}" for i in range(1, source_count + 1)]

    def cites(low: int = 1, high: int = 3) -> list[str]:
        return _pick(rng, ids, low, high)

    sources = []
    for i, source_id in enumerate(ids, start=1):
        source: dict[str, Any] = {
            "id": source_id,
            "url": f"https://www.example.org/synthetic/{number}/report-{i}",
            "title": f"Synthetic report {i} about organisation {number}",
            "publisher": f"Synthetic Publisher {rng.randint(1, 40):02d}",
            "read": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        }
        if rng.random() < 0.6:
            source["published"] = f"{rng.randint(2012, 2024)}-{rng.randint(1, 12):02d}"
        sources.append(source)

    services = []
    for i in range(1, rng.randint(1, 4) + 1):
        status = rng.choice(["current", "current", "ended", "unknown"])
        service: dict[str, Any] = {
            "name": f"Synthetic service {i} of organisation {number}",
            "description": sentence(rng, rng.randint(110, 480)),
            "commissioner": f"Synthetic Borough Council {rng.randint(1, 60):02d}",
            "started": rng.randint(2005, 2018),
            "status": status,
            "sources": cites(),
        }
        if status == "ended":
            service["ended"] = rng.randint(2019, 2024)
        if rng.random() < 0.7:
            service["status_note"] = sentence(rng, rng.randint(80, 200))
        services.append(service)

    headings = taxonomy.keys("headings")
    social_value: dict[str, list[dict[str, Any]]] = {h: [] for h in headings}
    for _ in range(rng.randint(4, 10)):
        social_value[rng.choice(headings)].append({"text": sentence(rng, rng.randint(100, 200)), "sources": cites()})
    social_value = {h: claims for h, claims in social_value.items() if claims}

    metrics = []
    for i in range(1, rng.randint(5, 22) + 1):
        metric: dict[str, Any] = {
            "label": f"Synthetic figure {i}: {sentence(rng, rng.randint(30, 90))[:-1]}",
            "value": rng.choice([rng.randint(1, 5000), rng.randint(10_000, 9_000_000), round(rng.random() * 100, 1)]),
            "qualifier": rng.choice(taxonomy.keys("qualifiers")),
            "unit": rng.choice(["people", "tonnes", "GBP", "percent", "jobs", "meals"]),
            "year": rng.choice([str(rng.randint(2012, 2024)), f"{rng.randint(2012, 2023)}/{rng.randint(13, 24)}"]),
            "heading": rng.choice(headings),
            "type": rng.choice(taxonomy.keys("metric_types")),
            "reported_by": rng.choice(taxonomy.keys("reporters")),
            "source": rng.choice(ids),
        }
        if rng.random() < 0.3:
            metric["note"] = sentence(rng, rng.randint(40, 160))
        metrics.append(metric)

    frameworks = []
    for framework in _pick(rng, taxonomy.keys("frameworks"), 1, 2):
        for outcome in _pick(rng, list(taxonomy.outcomes(framework)), 1, 2):
            frameworks.append({"framework": framework, "outcome": outcome})

    regions = _pick(rng, [r for r in taxonomy.keys("regions") if r != "uk-wide"], 1, 3)
    added = f"{rng.randint(2024, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    kind = rng.choice(taxonomy.keys("kinds"))
    body_type = {"body_type": rng.choice(taxonomy.keys("body_types"))} if kind == "commissioner" else {}
    return {
        "name": name,
        "summary": sentence(rng, rng.randint(140, 200)),
        "kind": kind,
        "organisation": {
            **body_type,
            "legal_form": rng.choice(taxonomy.keys("legal_forms")),
            "legal_form_detail": f"Synthetic registration number {rng.randint(10_000_000, 99_999_999)}.",
            "legal_form_source": rng.choice(ids),
            "regions": regions,
            "place": f"Synthetic Town {rng.randint(1, 300):03d}",
            "website": f"https://www.example.org/synthetic/{number}",
            "founded": rng.randint(1950, 2015),
            "status": {"value": "active", "as_of": 2025, "source": rng.choice(ids)},
        },
        "sectors": _pick(rng, taxonomy.keys("sectors"), 1, 2),
        "beneficiaries": _pick(rng, taxonomy.keys("beneficiaries"), 1, 4),
        "stages": _pick(rng, taxonomy.keys("stages"), 1, 3),
        "services": services,
        "social_value": social_value,
        "metrics": metrics,
        "frameworks": frameworks,
        "limitations": [{"text": sentence(rng, rng.randint(100, 220)), "sources": cites(0, 2)}
                        for _ in range(rng.randint(3, 5))],
        "lessons": {"commissioners": [sentence(rng, rng.randint(80, 200)) for _ in range(rng.randint(1, 2))],
                    "providers": [sentence(rng, rng.randint(80, 200)) for _ in range(rng.randint(1, 2))]},
        "sources": sources,
        "added": added,
        "reviewed": "2026-01-15" if rng.random() < 0.8 else added,
    }


def slug(index: int) -> str:
    return f"synthetic-organisation-{index:04d}"


def to_yaml(data: dict[str, Any]) -> str:
    """YAML text as a contributor would write it (dates quoted, so they stay text)."""
    return HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


def write_records(folder: Path, count: int, taxonomy: Taxonomy, seed: int = SEED) -> list[Path]:
    """Write records 1..count into folder as <slug>.yml; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(1, count + 1):
        path = folder / f"{slug(index)}.yml"
        path.write_text(to_yaml(synthetic_record(index, taxonomy, seed)), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    paths = write_records(args.folder, args.count, load_taxonomy(ROOT / "data" / "taxonomy.yml"), args.seed)
    print(f"Wrote {len(paths)} synthetic records into {args.folder}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
