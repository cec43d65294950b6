"""The macros plugin's standard module (mkdocs.yml: plugins > macros > module_name): define_env registers the
variables and macros that hand-written pages use. The data comes from the build in progress (loaded once, by
scripts/hooks.py); records are passed to templates as data, never as template text.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from socialvalue.current import current_macros  # noqa: E402


def define_env(env):
    """Give the pages `facts` and the site's macros (case_study_index, featured_case_studies, ...)."""
    variables, macros = current_macros(Path(env.conf["config_file_path"]).resolve().parent)
    for name, value in variables.items():
        env.variables[name] = value
    for name, function in macros.items():
        env.macro(function, name)
