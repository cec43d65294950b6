"""The `make serve` path (`mkdocs serve --dirty`: scripts/cache_hooks.py reuses each unchanged page's converted
HTML between saves, scripts/serve_hooks.py keeps the site folder and removes what a clean build would not write)
writes the same site, file by file, as a clean build of the same files with scripts/build.py."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from conftest import make_project, run_build

# What `make serve` (`mkdocs serve --dirty`) does, without the server: load the config afresh for every build,
# as its builder does, tell the plugins it is serving, and build without emptying the site folder. The site URL
# stays the published one, so the two sites can be compared.
SERVE = textwrap.dedent("""
    import re
    import sys
    from pathlib import Path
    from mkdocs.config import load_config
    from mkdocs.commands.build import build

    project, site = Path(sys.argv[1]), sys.argv[2]
    record = project / "data" / "case-studies" / "frc-group.yml"
    guide = project / "docs" / "help" / "glossary.md"

    def serve_build():
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
        build(config, serve_url=config.site_url, dirty=True)

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url=config.site_url, dirty=True)
    from socialvalue.rendercache import store
    print("first", store.hits, store.misses)
    # What a deleted record leaves in the kept site folder: its page and its preview image. (Deleting a real
    # record here would change the list of pages, and so convert every page again.)
    for stale in ("case-studies/no-longer-here/index.html", "assets/previews/no-longer-here.png"):
        (Path(site) / stale).parent.mkdir(parents=True, exist_ok=True)
        (Path(site) / stale).write_text("stale", encoding="utf-8")
    # A save to a case study and to a guidance page, as a contributor makes them.
    record.write_text(re.sub(r"^summary: .*$", "summary: Changed for the preview test, a summary long enough.",
                             record.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    guide.write_text(guide.read_text(encoding="utf-8").replace("\\n## Terms\\n",
                     "\\nA sentence added for the preview test.\\n\\n"
                     "!!! danger \\"A kind of note no other page uses\\"\\n    So Material's cut stylesheet changes.\\n"
                     "\\n## Terms\\n", 1), encoding="utf-8")
    print("css", *sorted(p.name for p in (Path(site) / "assets" / "stylesheets").glob("main.*.css")))
    serve_build()
    print("second", store.hits, store.misses)
    print("css", *sorted(p.name for p in (Path(site) / "assets" / "stylesheets").glob("main.*.css")))
""")


def files_of(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def test_a_site_built_on_the_serve_path_is_identical_to_a_clean_build(tmp_path):
    project = make_project(tmp_path, {})
    served = tmp_path / "served"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", SERVE, str(project), str(served)], cwd=project, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    counts = {line.split()[0]: tuple(map(int, line.split()[1:])) for line in result.stdout.splitlines()
              if line.split()[:1] in (["first"], ["second"])}
    assert counts["first"][0] == 0 and counts["first"][1] > 100  # nothing to reuse on the first build
    hits, misses = counts["second"]
    assert hits > 100, "the second build reused no converted page"
    assert 2 <= misses < hits, "the edited pages (and the pages listing the record) must be converted again"
    # The new kind of note needs rules the first build's cut stylesheet left out: the stylesheet gets a new
    # name, and every page, rebuilt or left as it was, must point at it.
    before, after = [line.split()[1:] for line in result.stdout.splitlines() if line.startswith("css ")]
    assert len(before) == len(after) == 1 and before != after, result.stdout

    clean = run_build(project)  # the same, edited files, built from scratch
    assert clean.returncode == 0, clean.output
    assert "Changed for the preview test" in clean.page("case-studies/frc-group")
    assert "A sentence added for the preview test." in clean.page("help/glossary")
    assert not (served / "case-studies" / "no-longer-here").exists()
    assert files_of(served) == files_of(clean.site)
    different = [str(p) for p in files_of(served) if (served / p).read_bytes() != (clean.site / p).read_bytes()]
    assert different == []


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
