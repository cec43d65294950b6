"""Messages a contributor who is not a programmer can act on: tabs, duplicates, syntax errors, optional fields,
the steps `make new` prints and the GitHub annotation format of the validator."""

from __future__ import annotations

import subprocess
import sys
import urllib.parse

from conftest import ROOT, TODAY, VALID_RECORD

from socialvalue.validation import load_library

VALIDATE = ROOT / "scripts" / "validate.py"


def problems_for(tmp_path, text, taxonomy, schema, name="example-reuse-project.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    library = load_library(tmp_path, taxonomy, schema, today=TODAY, files=[path])
    assert library.records == []
    return library.problems


def test_a_tab_is_named_with_its_line_and_spaces_are_asked_for(tmp_path, record_text, taxonomy, schema):
    lines = record_text.splitlines(keepends=True)
    place = next(i for i, line in enumerate(lines) if line.startswith("  place:"))
    lines[place] = "\t" + lines[place].lstrip(" ")
    problems = problems_for(tmp_path, "".join(lines), taxonomy, schema)
    assert [(p.line, p.field) for p in problems] == [(place + 1, "(file)")]
    message = problems[0].message
    assert "tab" in message and "spaces" in message and f"line {place + 1}" in message
    assert "cannot start any token" not in message
    assert "more problems may show up" in message


def test_every_line_with_a_tab_is_listed(tmp_path, record_text, taxonomy, schema):
    lines = record_text.splitlines(keepends=True)
    indented = [i for i, line in enumerate(lines) if line.startswith("  ") and not line.startswith("   ")][:3]
    for i in indented:
        lines[i] = "\t" + lines[i][2:]
    problems = problems_for(tmp_path, "".join(lines), taxonomy, schema)
    assert [p.line for p in problems] == [i + 1 for i in indented]


def test_a_duplicated_key_does_not_hide_the_other_problems(tmp_path, record_text, taxonomy, schema):
    text = record_text.replace("  place: Exampletown\n", "  place: Exampletown\n  place: Othertown\n", 1)
    text = text.replace("summary:", "sumary:", 1).replace("regions: [north-west", "regions: [north-wset", 1)
    problems = problems_for(tmp_path, text, taxonomy, schema)
    fields = {p.field: p.message for p in problems}
    assert "appears twice" in fields["organisation.place"]
    assert "did you mean 'summary'" in fields["sumary"]
    assert "did you mean 'north-west'" in fields["organisation.regions[0]"]


def test_a_duplicated_key_alone_still_makes_the_record_invalid(tmp_path, record_text, taxonomy, schema):
    text = record_text.replace("  place: Exampletown\n", "  place: Exampletown\n  place: Othertown\n", 1)
    problems = problems_for(tmp_path, text, taxonomy, schema)
    assert [p.field for p in problems] == ["organisation.place"]


def test_a_syntax_error_says_plainly_that_more_may_follow(tmp_path, record_text, taxonomy, schema):
    text = record_text.replace("  place: Exampletown", "  place: [Exampletown", 1)
    problems = problems_for(tmp_path, text, taxonomy, schema)
    assert len(problems) == 1
    assert "YAML syntax error" in problems[0].message and "more problems may show up" in problems[0].message


def test_optional_placeholders_say_fill_it_in_or_delete_the_line(tmp_path, taxonomy, schema):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "new_case_study.py"), "Optional Test Trust",
                             "--data", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    library = load_library(tmp_path, taxonomy, schema, today=TODAY, files=[tmp_path / "optional-test-trust.yml"])
    messages = {p.field: p.message for p in library.problems}
    for optional in ("organisation.website", "organisation.founded", "organisation.legal_form_source",
                     "services[0].started", "sources[0].published", "sources[0].original", "metrics[0].note"):
        assert "fill it in or delete the line" in messages[optional], optional
    for required in ("summary", "organisation.place", "sources[0].url", "metrics[0].unit"):
        assert "replace it" in messages[required] and "delete" not in messages[required], required
    assert "delete the whole frameworks block" in messages["frameworks[0].framework"]


def run_new(tmp_path, *args):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "new_case_study.py"), *args,
                           "--data", str(tmp_path)], capture_output=True, text=True)


def test_make_new_prints_the_real_preview_address_and_no_option_make_cannot_pass(tmp_path):
    result = run_new(tmp_path, "--via-make", "Steps Test Trust")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "http://127.0.0.1:8000/social-value-reference/case-studies/steps-test-trust/" in out
    assert "--slug" not in out
    again = run_new(tmp_path, "--via-make", "Steps Test Trust")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert "--slug" not in again.stderr and "make new NAME='Steps Test Trust' SLUG=" in again.stderr


def test_the_preview_address_follows_site_url():
    sys.path.insert(0, str(ROOT / "scripts"))
    from new_case_study import preview_base
    config = ROOT / "mkdocs.yml"
    path = urllib.parse.urlparse(next(line.split(":", 1)[1].strip() for line in config.read_text().splitlines()
                                      if line.startswith("site_url:"))).path
    assert preview_base(config) == "http://127.0.0.1:8000" + path
    assert path == "/social-value-reference/"


def test_make_new_passes_slug_through(tmp_path):
    dry = subprocess.run(["make", "-n", "new", "NAME=Some Trust", "SLUG=some-slug", "VENV=/nonexistent"],
                         cwd=ROOT, capture_output=True, text=True)
    line = next(line for line in dry.stdout.splitlines() if "new_case_study.py" in line)
    assert '"Some Trust"' in line and '--slug "some-slug"' in line and "--via-make" in line
    result = run_new(tmp_path, "--via-make", "Some Trust", "--slug", "some-slug")
    assert result.returncode == 0 and (tmp_path / "some-slug.yml").exists()


def test_make_new_without_a_name_says_how(tmp_path):
    result = run_new(tmp_path, "--via-make", "")
    assert result.returncode == 1 and 'make new NAME="' in result.stderr and "Traceback" not in result.stderr


ANNOTATION = __import__("re").compile(r"^::error file=(?P<file>[^,]+),line=(?P<line>\d+),title=(?P<title>[^:]+)::(?P<msg>.*)$")


def test_github_format_prints_one_annotation_per_problem_on_its_line():
    fixtures = ROOT / "tests" / "fixtures" / "invalid"
    text = subprocess.run([sys.executable, str(VALIDATE), str(fixtures)], capture_output=True, text=True, cwd=ROOT)
    github = subprocess.run([sys.executable, str(VALIDATE), "--format", "github", str(fixtures)],
                            capture_output=True, text=True, cwd=ROOT)
    assert github.returncode == 1 and "Traceback" not in github.stderr
    plain = [line for line in text.stderr.splitlines() if line.startswith("tests/")]
    found = [ANNOTATION.match(line) for line in github.stdout.splitlines() if line.startswith("::")]
    assert plain and all(found) and len(found) == len(plain)
    for match, line in zip(found, plain):
        path, number, rest = line.split(":", 2)
        assert match["file"] == path and match["line"] == number
        assert match["msg"] == rest.strip().replace("%", "%25")
        assert (ROOT / match["file"]).is_file()


def test_github_format_escapes_what_would_end_or_split_an_annotation():
    sys.path.insert(0, str(ROOT / "scripts"))
    from validate import annotation

    from socialvalue import Problem
    line = annotation(Problem("data/case-studies/a,b:c.yml", 7, "name", "50% done\nline two\r"))
    assert line == ("::error file=data/case-studies/a%2Cb%3Ac.yml,line=7,title=Problem in name"
                    "::name: 50%25 done%0Aline two%0D")


def test_the_test_workflow_uses_the_github_format():
    workflow = (ROOT / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make validate FORMAT=github" in workflow
    assert "$(if $(FORMAT),--format $(FORMAT))" in makefile


ZIZMOR = __import__("shutil").which("zizmor", path=str(__import__("pathlib").Path(sys.executable).parent))


def zizmor(folder):
    assert ZIZMOR, "zizmor is missing: it is pinned in requirements-dev.txt"
    return subprocess.run([ZIZMOR, "--offline", "--quiet", str(folder)], capture_output=True, text=True)


def test_zizmor_finds_nothing_in_the_workflows_and_make_test_runs_it():
    result = zizmor(ROOT / ".github" / "workflows")
    assert result.returncode == 0, result.stdout + result.stderr
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "zizmor --offline" in recipe


def test_zizmor_fails_on_an_unpinned_action_and_kept_credentials(tmp_path):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                                    "      - uses: actions/checkout@v4\n", encoding="utf-8")
    result = zizmor(folder)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout and "artipacked" in result.stdout


def test_every_action_is_pinned_to_a_full_commit_hash_with_its_tag():
    import re
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        for line in workflow.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d", line), line
