"""Related case studies on small, hand-made libraries whose answers are written out: the scores
(3 per shared sector, 2 per shared beneficiary group, 1 per shared region or heading), the tie-break,
and the two records never listed: one with nothing in common, and the record itself."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import MODEL_SCOPE, TODAY, VALID_RECORD

from socialvalue.model import Claim, related
from socialvalue.related import RelatedIndex, related_records
from socialvalue.validation import load_library


@pytest.fixture(scope=MODEL_SCOPE)
def base(taxonomy, schema):
    library = load_library(VALID_RECORD.parent, taxonomy, schema, today=TODAY, files=[VALID_RECORD])
    assert library.problems == []
    return library.records[0]


def make(base, slug, name, sectors=(), beneficiaries=(), regions=(), headings=()):
    """A record that has exactly these terms and no others."""
    claim = (Claim("Something.", ("annual-report",)),)
    return dataclasses.replace(
        base, slug=slug, name=name, sectors=tuple(sectors), beneficiaries=tuple(beneficiaries),
        organisation=dataclasses.replace(base.organisation, regions=tuple(regions)),
        social_value={h: (claim if h in headings else ()) for h in ("economic", "social", "environmental")})


@pytest.fixture
def library(base):
    return {
        # The record whose related list is asked for.
        "home": make(base, "home", "Home Trust", ["waste"], ["carers"], ["north-west"], ["social"]),
        # Nothing in common with home.
        "lonely": make(base, "lonely", "Aardvark Lonely Ltd", ["housing"], ["veterans"], ["wales"], ["economic"]),
        "sector": make(base, "sector", "Sector Match", ["waste"], [], [], []),  # scores 3
        "benefit": make(base, "benefit", "Beneficiary Match", [], ["carers"], [], []),  # scores 2
        "region": make(base, "region", "Region Match", [], [], ["north-west"], []),  # scores 1
        "heading": make(base, "heading", "Heading Match", [], [], [], ["social"]),  # scores 1, sorts before Region
        "all": make(base, "all", "Zebra All", ["waste"], ["carers"], ["north-west"], ["social"]),  # scores 7
    }


def slugs(found):
    return [r.slug for r in found]


def both(record, records, count=3):
    """The answer of the index and of model.related (which keeps the index between calls): they must agree."""
    first = slugs(RelatedIndex(records).related(record, count))
    assert slugs(related(record, records, count)) == first
    return first


def test_a_record_with_nothing_in_common_is_never_listed(library):
    home, lonely = library["home"], library["lonely"]
    assert both(home, [home, lonely]) == []
    assert both(lonely, [home, lonely]) == []
    assert both(lonely, list(library.values())) == []  # shares nothing with any of them


def test_the_record_itself_is_never_listed(library):
    home = library["home"]
    assert both(home, [home]) == []
    assert both(home, [home, library["region"]]) == ["region"]
    twin = dataclasses.replace(library["all"], slug="home")  # the same slug: it is the record itself
    assert both(home, [home, twin, library["lonely"]]) == []


def test_scores_weigh_sectors_then_beneficiaries_then_regions_and_headings(library):
    records = list(library.values())
    home = library["home"]
    assert both(home, records, count=10) == ["all", "sector", "benefit", "heading", "region"]
    assert both(home, records) == ["all", "sector", "benefit"]
    assert both(home, records, count=1) == ["all"]


def test_ties_go_to_the_name_in_alphabetical_order_then_the_slug(library, base):
    home = library["home"]
    a = make(base, "b-slug", "Same Name", [], [], ["north-west"], [])
    b = make(base, "a-slug", "same name", [], [], ["north-west"], [])
    c = make(base, "c-slug", "Another Name", [], [], ["north-west"], [])
    assert both(home, [home, a, b, c]) == ["c-slug", "a-slug", "b-slug"]
    assert both(home, [home, a, b, c], count=2) == ["c-slug", "a-slug"]  # a tie larger than the count is cut
    five = [home, a, b, c, library["sector"]]
    assert slugs(related(home, five)) == ["sector", "c-slug", "a-slug"]  # three by default, at every level
    assert slugs(related_records(home, five)) == ["sector", "c-slug", "a-slug"]
    assert slugs(RelatedIndex(five).related(home)) == ["sector", "c-slug", "a-slug"]


def test_the_kept_index_follows_the_library(library):
    home = library["home"]
    first = [home, library["region"]]
    assert slugs(related(home, first)) == ["region"]
    assert slugs(related(home, first + [library["sector"]])) == ["sector", "region"]
    assert slugs(related(home, first)) == ["region"]


def test_two_shared_sectors_outweigh_one(library, base):
    home = make(base, "home2", "Home Two", ["waste", "care"], [], [], [])
    one = make(base, "one", "A One Sector", ["waste"], [], [], [])
    two = make(base, "two", "Z Two Sectors", ["waste", "care"], [], [], [])
    beneficiaries = make(base, "many", "B Many", [], [], ["north-west", "wales"], [])
    assert both(home, [home, one, two, beneficiaries]) == ["two", "one"]


def test_the_index_is_kept_for_the_same_library_and_rebuilt_for_another(monkeypatch, library):
    import socialvalue.related as related_module
    monkeypatch.setattr(related_module, "_cache", None)  # as in a fresh build
    home, records = library["home"], [library["home"], library["region"]]
    assert slugs(related_records(home, records)) == ["region"]
    kept = related_module._cache
    assert kept is not None
    assert slugs(related_records(home, list(records))) == ["region"] and related_module._cache is kept
    assert slugs(related_records(home, records + [library["sector"]])) == ["sector", "region"]
    assert related_module._cache is not kept


def test_equal_records_from_a_new_build_get_a_new_index_without_being_compared(monkeypatch, library):
    """Under `mkdocs serve` every rebuild makes new records equal to the last ones. Comparing them field by
    field on every page cost a second per record at 1,000 records; the kept index is matched by identity."""
    import socialvalue.related as related_module
    monkeypatch.setattr(related_module, "_cache", None)
    records = [library["home"], library["region"]]
    related_records(records[0], records)
    kept = related_module._cache
    again = [dataclasses.replace(r) for r in records]  # equal, new objects
    assert again == records
    compared = []
    monkeypatch.setattr(type(records[0]), "__eq__", lambda a, b: compared.append(1) or a is b)
    assert slugs(related_records(again[0], again)) == ["region"]
    assert related_module._cache is not kept and compared == []
