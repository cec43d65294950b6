"""The `make serve` path (`mkdocs serve --dirty`: scripts/cache_hooks.py reuses each unchanged page's converted
HTML and each unchanged page's template output between saves, scripts/serve_hooks.py keeps the site folder and
removes what a clean build would not write) writes the same site, file by file, as a clean build of the same
files with scripts/build.py, after every kind of save."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from conftest import make_project, run_build

# What `make serve` (`mkdocs serve --dirty`) does, without the server: load the config afresh for every build,
# as its builder does, tell the plugins it is serving, and build without emptying the site folder, all in one
# process, so the caches kept between saves are used. The site URL stays the published one, so the sites can be
# compared. After each kind of save the site folder and the project's inputs are copied, for a clean build.
SERVE = textwrap.dedent("""
    import re
    import shutil
    import sys
    from pathlib import Path
    from mkdocs.config import load_config
    from mkdocs.commands.build import build

    project, site, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    cases = project / "data" / "case-studies"
    record = cases / "frc-group.yml"
    guide = project / "docs" / "help" / "glossary.md"
    docs = " ".join(p.read_text(encoding="utf-8") for p in (project / "docs").rglob("*.md"))
    unlinked = sorted(p for p in cases.glob("*.yml") if p.stem not in docs and p.stem != "frc-group")

    def serve_build(step):
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
        if step == "first":
            config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url=config.site_url, dirty=True)
        from socialvalue.rendercache import outputs, store
        from socialvalue.search import wait_for_background
        wait_for_background()
        print("counts", step, outputs.hits, outputs.misses, store.hits, store.misses, flush=True)
        print("css", step, *sorted(p.name for p in (Path(site) / "assets" / "stylesheets").glob("main.*.css")))
        if step != "broken":
            shutil.copytree(site, out / step / "site")
            shutil.copytree(project, out / step / "project",
                            ignore=shutil.ignore_patterns("site", ".cache", "__pycache__"))

    def edit(path, old, new):
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    # The glossary's entry in the navigation takes its title from the page, so step 5 can change only the navigation.
    edit(project / "mkdocs.yml", "  - Glossary: help/glossary.md", "  - help/glossary.md")
    serve_build("first")
    # 1. A save to a case study and to a guidance page, as a contributor makes them; the guidance page gets a
    # kind of note no other page uses, so Material's cut stylesheet gets a new name. A record is deleted, and
    # what a deleted record leaves in the kept site folder (its page, its preview image) must go.
    for stale in ("case-studies/no-longer-here/index.html", "assets/previews/no-longer-here.png"):
        (Path(site) / stale).parent.mkdir(parents=True, exist_ok=True)
        (Path(site) / stale).write_text("stale", encoding="utf-8")
    record.write_text(re.sub(r"^summary: .*$", "summary: Changed for the preview test, a summary long enough.",
                             record.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    edit(guide, "\\n## Terms\\n", "\\nA sentence added for the preview test.\\n\\n"
         "!!! danger \\"A kind of note no other page uses\\"\\n    So Material's cut stylesheet changes.\\n\\n## Terms\\n")
    serve_build("edit")
    # 2. Only a case study's text changes: most pages are reused as they are.
    edit(record, "summary: Changed for", "summary: Changed again for")
    serve_build("record")
    unlinked[0].unlink()
    serve_build("deleted")
    # 3. A record renamed, with its old name kept as a former slug (its old address becomes a redirect).
    old = unlinked[1]
    text = re.sub(r"^former_slugs:.*$\\n?", "", old.read_text(encoding="utf-8"), flags=re.M)
    (cases / f"{old.stem}-renamed.yml").write_text(text + f"former_slugs: [{old.stem}]\\n", encoding="utf-8")
    old.unlink()
    serve_build("renamed")
    # 4. A save that breaks the data (every page shows the problems), then the good save after it.
    good = record.read_text(encoding="utf-8")
    record.write_text(good.replace("\\n  place:", "\\n\\tplace:", 1), encoding="utf-8")
    serve_build("broken")
    record.write_text(good, encoding="utf-8")
    serve_build("fixed")
    # 5. A page's title changes, and so the navigation every page shows: nothing else on the other pages, and
    # mkdocs.yml is as it was. Then a label in mkdocs.yml's navigation, then a theme override.
    edit(guide, "title: Glossary", "title: Words we use")
    serve_build("nav")
    edit(project / "mkdocs.yml", "  - Home: index.md", "  - Start here: index.md")
    serve_build("config")
    edit(project / "overrides" / "main.html", "{% block content %}\\n  {{ super() }}",
         "{% block content %}\\n  {{ super() }}<!-- an edited override -->")
    serve_build("override")
""")
COMPARED = ("edit", "record", "deleted", "renamed", "fixed", "nav", "config", "override")


def files_of(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def differences(served, clean):
    if files_of(served) != files_of(clean):
        return sorted(set(map(str, files_of(served))) ^ set(map(str, files_of(clean))))
    return [str(p) for p in files_of(served) if (served / p).read_bytes() != (clean / p).read_bytes()]


def test_a_site_built_on_the_serve_path_is_identical_to_a_clean_build_after_each_kind_of_save(tmp_path):
    project = make_project(tmp_path, {})
    served, out = tmp_path / "served", tmp_path / "steps"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", SERVE, str(project), str(served), str(out)], cwd=project,
                            env=env, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    # step -> (template outputs reused, rendered; Markdown conversions reused, converted)
    counts = {line.split()[1]: tuple(map(int, line.split()[2:])) for line in result.stdout.splitlines()
              if line.startswith("counts ")}
    css = {line.split()[1]: line.split()[2:] for line in result.stdout.splitlines() if line.startswith("css ")}
    assert counts["first"][0] == 0 and counts["first"][1] > 100 and counts["first"][2] == 0
    hits, misses, md_hits, _ = counts["edit"]
    assert hits > 100 and md_hits > 100, "the second build reused no page"
    assert 2 <= misses < hits, "the edited pages (and the pages listing the record) must be rendered again"
    # The new kind of note needs rules the first build's cut stylesheet left out: the stylesheet gets a new
    # name, and every page, rendered again or reused, must point at it.
    assert len(css["first"]) == len(css["edit"]) == 1 and css["first"] != css["edit"], result.stdout
    hits, misses, _, _ = counts["record"]
    assert hits > 100 and 1 <= misses < 40, "a case study's text is on its page and on a few lists only"
    assert counts["fixed"][0] > 100, "the good save after a broken one finds the real pages again"
    for step in ("nav", "config", "override"):
        assert counts[step][0] == 0, f"{step}: the navigation and the theme are on every page"
    assert counts["nav"][2] > 100, "a page's title changes no other page's Markdown"
    for step in COMPARED:
        clean = run_build(out / step / "project")  # the same files, built from scratch
        assert clean.returncode == 0, clean.output
        assert differences(out / step / "site", clean.site) == [], step
    assert "Changed again for the preview test" in clean.page("case-studies/frc-group")
    assert "A sentence added for the preview test." in clean.page("help/glossary")
    assert "an edited override" in clean.page("help/glossary") and "Start here" in clean.page("help/glossary")
    assert "Words we use" in clean.page("about")
    assert not (out / "edit" / "site" / "case-studies" / "no-longer-here").exists()


def test_a_warm_build_reusing_stored_pages_is_identical_to_a_build_with_no_cache(tmp_path):
    import re
    import shutil
    project = make_project(tmp_path, {})
    first = run_build(project)
    assert first.returncode == 0, first.output
    assert (project / ".cache" / "pages.pickle").is_file()
    record = project / "data" / "case-studies" / "frc-group.yml"
    record.write_text(re.sub(r"^summary: .*$", "summary: Changed for the warm-build test, long enough to be valid.",
                             record.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    warm = run_build(project)
    assert warm.returncode == 0, warm.output
    warm_site = tmp_path / "warm-site"
    shutil.move(str(warm.site), warm_site)
    shutil.rmtree(project / ".cache")
    clean = run_build(project)
    assert clean.returncode == 0, clean.output
    assert "Changed for the warm-build test" in clean.page("case-studies/frc-group")
    assert files_of(warm_site) == files_of(clean.site)
    different = [str(p) for p in files_of(warm_site) if (warm_site / p).read_bytes() != (clean.site / p).read_bytes()]
    assert different == []


def test_a_page_with_a_broken_link_still_fails_a_strict_build_when_nothing_changed(tmp_path):
    """A page whose conversion warned is never stored, so the warning (and the failed build) comes back."""
    project = make_project(tmp_path, {})
    page = project / "docs" / "help" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[A broken link](no-such-page.md)\n", encoding="utf-8")
    for _ in range(2):
        built = run_build(project)
        assert built.returncode != 0 and "no-such-page.md" in built.output
