"""Keep the door open to the next generator: macros through the plugin's standard define_env module, data loaded
once per build, and theme templates that use no custom filter."""

from __future__ import annotations

import importlib.util
import re

import jinja2
import yaml
from conftest import ROOT

import socialvalue
from socialvalue import current


class FakeEnv:
    """What mkdocs-macros hands to define_env: variables, a macro decorator and the config."""

    def __init__(self):
        self.variables, self.macros = {}, {}
        self.conf = {"config_file_path": str(ROOT / "mkdocs.yml")}

    def macro(self, function, name=""):
        self.macros[name or function.__name__] = function
        return function


def load_macros_module():
    spec = importlib.util.spec_from_file_location("macros_env_under_test", ROOT / "scripts" / "macros_env.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mkdocs_yml_names_the_define_env_module():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+module_name: scripts/macros_env\b", text, re.MULTILINE)
    assert hasattr(load_macros_module(), "define_env")


def test_define_env_registers_the_site_macros_and_loads_the_data_once(monkeypatch):
    calls = []
    real = current.load_site_data

    def counting(root, *args, **kwargs):
        calls.append(root)
        return real(root, *args, **kwargs)

    monkeypatch.setattr(current, "load_site_data", counting)
    monkeypatch.setitem(current.state, "site", None)
    monkeypatch.setitem(current.state, "macros", None)
    module = load_macros_module()
    envs = [FakeEnv() for _ in range(5)]
    for env in envs:  # as if the module were called again and again in one build
        module.define_env(env)
    assert len(calls) == 1
    for env in envs:
        assert {"case_study_index", "featured_case_studies", "applicability_checker", "open_data_columns"} \
            <= set(env.macros)
        assert "facts" in env.variables


def test_a_build_started_by_the_hooks_is_not_loaded_again(monkeypatch):
    site = socialvalue.load_site_data(ROOT)
    monkeypatch.setitem(current.state, "site", None)
    monkeypatch.setitem(current.state, "macros", None)
    current.start_build(site)
    monkeypatch.setattr(current, "load_site_data", lambda *a, **k: (_ for _ in ()).throw(AssertionError("loaded")))
    env = FakeEnv()
    load_macros_module().define_env(env)
    assert env.macros["case_study_count"]() == len(site.records)


def test_theme_templates_use_only_standard_filters():
    standard = set(jinja2.filters.FILTERS) | {"url", "script_tag"}  # Jinja's own, and the two MkDocs adds
    for template in (ROOT / "overrides").rglob("*.html"):
        used = set(re.findall(r"\|\s*([A-Za-z_]\w*)", template.read_text(encoding="utf-8")))
        assert used <= standard, (template.name, used - standard)


def test_hooks_register_no_filter_and_no_macro_directly():
    hooks = (ROOT / "scripts" / "hooks.py").read_text(encoding="utf-8")
    assert "env.filters" not in hooks and "register_macros" not in hooks and "register_variables" not in hooks
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert "scripts/hooks.py" in config["hooks"]


def test_a_build_with_every_preview_image_cached_does_not_import_pillow(tmp_path):
    import subprocess
    import sys
    code = ("import sys; sys.path.insert(0, 'scripts'); from pathlib import Path; import socialvalue.preview as p\n"
            "card = p.Card('Title', 'Summary', 'Case study', 'Site')\n"
            f"p.preview(card, Path({str(tmp_path)!r}))\n"  # drawn: Pillow imported in this process only
            "assert 'PIL' in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    again = ("import sys; sys.path.insert(0, 'scripts'); from pathlib import Path; import socialvalue.preview as p\n"
             "import socialvalue.sharing\n"
             "card = p.Card('Title', 'Summary', 'Case study', 'Site')\n"
             f"path, drawn = p.preview(card, Path({str(tmp_path)!r}))\n"
             "assert not drawn and 'PIL' not in sys.modules, sorted(m for m in sys.modules if 'PIL' in m)\n")
    subprocess.run([sys.executable, "-c", again], cwd=ROOT, check=True)
