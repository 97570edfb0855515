"""Our plugins are one package, ``plugins``, loaded by dotted names: no
``sys.path`` edits anywhere, and a namespace plugin from PyPI with the same
short name (pelican-search, pelican-seo) changes nothing."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import CONTENT, ROOT, comparable, run_pelican

PROJECT_FOLDERS = ("plugins", "workflow", "tests", "bench", "tools")


def project_python_files():
    yield from (ROOT / name for name in ("pelicanconf.py", "publishconf.py", "tasks.py"))
    for folder in PROJECT_FOLDERS:
        yield from sorted((ROOT / folder).rglob("*.py"))


def test_no_module_edits_sys_path():
    """Imports resolve through the installed project (pyproject.toml), never
    through a path pushed onto sys.path (also not in a generated settings file)."""
    offenders = []
    for path in (p for p in project_python_files() if p != Path(__file__)):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            # A call's function first: unparsing every call (nested ones
            # again and again) took 8.8 s of the suite.
            edits = (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                     and node.func.attr in ("insert", "append", "extend")
                     and ast.unparse(node.func.value) == "sys.path")
            if edits or (
                isinstance(node, ast.Constant) and isinstance(node.value, str) and "sys.path.insert" in node.value
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders


def test_our_plugins_are_dotted_names_in_one_package():
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "publishconf.py"))
    ours = [name for name in settings["PLUGINS"] if name != "sitemap"]
    assert ours and all(name.startswith("plugins.") for name in ours)
    assert settings["PLUGIN_PATHS"] == [str(ROOT)]
    for name in ours:
        assert (ROOT / name.replace(".", "/") / "__init__.py").is_file(), name


def test_namespace_plugins_with_our_short_names_change_nothing(tmp_path, site):
    """pelican-search and pelican-seo installed next to ours: Pelican imports
    them (they are there), and the production build, started from another
    folder, writes the same files as without them."""
    extra = tmp_path / "site-packages"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--target", str(extra), "-r", str(ROOT / "tests" / "shadowing-plugins.txt")],
        capture_output=True, text=True, timeout=300,
    )
    assert install.returncode == 0, install.stderr
    env = {"PYTHONPATH": str(extra)}
    found = subprocess.run(
        [sys.executable, "-c", "from pelican.plugins._utils import get_namespace_plugins as g; print(sorted(g()))"],
        capture_output=True, text=True, env={**os.environ, **env}, cwd=tmp_path,
    )
    assert "pelican.plugins.search" in found.stdout and "pelican.plugins.seo" in found.stdout, found.stderr

    output = tmp_path / "output"
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(CONTENT), "-s", str(ROOT / "publishconf.py"),
         "-o", str(output)],
        capture_output=True, text=True, encoding="utf-8", env={**os.environ, **env}, cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    shadowed, plain = comparable(output), comparable(site.output)
    assert sorted(shadowed) == sorted(plain)
    assert [name for name in plain if shadowed[name] != plain[name]] == []
    # Ours really ran: the search bundle and the visit counter's stamp are there.
    assert (output / "pagefind" / "pagefind.js").is_file()
    assert "<!--visit-counter-->" in (output / "index.html").read_text(encoding="utf-8")


def test_plugins_load_from_another_folder(tmp_path):
    """The development build, started from a folder outside the project."""
    result = run_pelican(CONTENT, tmp_path / "output", ROOT / "pelicanconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(CONTENT), "-s", str(ROOT / "pelicanconf.py"),
         "-o", str(tmp_path / "elsewhere")],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert comparable(tmp_path / "elsewhere") == comparable(tmp_path / "output")


def test_every_readme_section_named_in_code_exists():
    """A message or comment that sends the reader to "README, «X»" names a
    real README heading (the DEPLOY message once named «Đăng trang», which
    does not exist). Strings split over lines are joined first."""
    import re

    headings = [line.lstrip("#").strip() for line in
                (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    reference = re.compile(r"""README,?\s+(?:mục\s+)?\\?["'«]([^"'«»\\]+)""")
    files = [*(p for p in project_python_files() if p != Path(__file__)),
             *sorted((ROOT / "theme" / "templates").glob("*")),
             *sorted((ROOT / ".github" / "workflows").glob("*.yml"))]
    found, missing = [], []
    for path in files:
        text = re.sub(r"""["']\s*\n\s*[f]?["']""", "", path.read_text(encoding="utf-8"))
        for name in reference.findall(text):
            found.append(name)
            if not any(h == name or h.startswith(name + " (") for h in headings):
                missing.append(f"{path.relative_to(ROOT)}: «{name}»")
    assert "Publishing" in found and "Visit counter" in found
    assert missing == []


def test_each_setting_is_assigned_once_per_settings_file():
    """A setting assigned twice at the top of a settings file silently keeps
    the second value (a merge once dropped "__preview/" from RESERVED_PATHS
    that way)."""
    import ast
    from collections import Counter

    for name in ("pelicanconf.py", "publishconf.py"):
        tree = ast.parse((ROOT / name).read_text(encoding="utf-8"))
        names = Counter(target.id for node in tree.body if isinstance(node, ast.Assign)
                        for target in node.targets if isinstance(target, ast.Name))
        assert [key for key, count in names.items() if count > 1] == [], name


@pytest.mark.parametrize("load, value, message", [
    ("plugins.core.build_cache:load_config", {"keep": 0},
     "BUILD_CACHE['keep'] = 0 không hợp lệ — cần một số nguyên dương, ví dụ 3"),
    ("plugins.neighbours:load_config", {"count": "3"},
     "RELATED['count'] = '3' không hợp lệ — cần một số nguyên không âm, ví dụ 3"),
    ("plugins.search:merge_settings", {"timeout": -1},
     "SEARCH['timeout'] = -1 không hợp lệ — cần một số giây dương, ví dụ 600"),
    ("plugins.search:merge_settings", {"timout": 5}, "SEARCH: khoá lạ «timout» — các khoá hợp lệ: "),
    ("plugins.desk:load_config", [], "DESK phải là một dict (xem pelicanconf.py)"),
])
def test_namespaced_settings_are_checked_one_way(load, value, message):
    """One convention (plugins.core.settings.merge): an unknown key, a wrong
    type or an out-of-range value is one Vietnamese line naming the key."""
    import importlib

    module, _, function = load.partition(":")
    with pytest.raises(ValueError) as raised:
        getattr(importlib.import_module(module), function)(value)
    assert str(raised.value).startswith(message)


def pinned(requirements: Path) -> set[str]:
    """The distributions a requirements file pins itself (``-r`` lines not followed)."""
    names = set()
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(line.split("==", 1)[0].split("[", 1)[0].strip().lower().replace("_", "-"))
    return names


def test_what_the_site_and_the_editors_tools_import_is_a_runtime_requirement():
    """`make serve` installs requirements.txt only: every package imported
    by the plugins, the editors' tools (workflow/) and the settings must be
    pinned there, not only in requirements-dev.txt (lxml, imported by the
    Word import the desk's inbox loads at every build, was: the preview
    showed "No module named 'lxml'" on every page of a fresh clone)."""
    from importlib.metadata import packages_distributions

    distributions = packages_distributions()
    runtime = pinned(ROOT / "requirements.txt")
    files = [ROOT / "pelicanconf.py", ROOT / "publishconf.py", ROOT / "tasks.py",
             *sorted((ROOT / "plugins").rglob("*.py")), *sorted((ROOT / "workflow").rglob("*.py"))]
    missing = {}
    for path in files:
        if "vendor" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                providers = {dist.lower().replace("_", "-") for dist in distributions.get(top, [])}
                # Ours (pip install --editable .), the standard library: no
                # distribution to pin. A namespace (pelican) is provided by
                # any of its distributions.
                if providers and not top_level_is_ours(top) and not providers & runtime:
                    missing.setdefault(top, path.relative_to(ROOT).as_posix())
    assert missing == {}


def top_level_is_ours(name: str) -> bool:
    return (ROOT / name).is_dir() or (ROOT / f"{name}.py").is_file()


def readme_section(heading: str) -> str:
    """README's text from `heading` (a ``## `` line) to the next ``## ``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def test_the_editors_commands_work_after_make_serve():
    """The editors' guide («Dành cho biên tập viên») says to run `make serve`
    first: every `.venv/bin/NAME` it then names is installed by it (a pin of
    requirements.txt), and every `make TARGET` is one of the Makefile's.
    `.venv/bin/pre-commit install`, pinned in requirements-dev.txt only,
    was «No such file or directory» on a clone set up as it says."""
    import re
    from importlib.metadata import distributions

    section = readme_section("## Dành cho biên tập viên")
    scripts = {entry.name: dist.metadata["Name"].lower().replace("_", "-")
               for dist in distributions() for entry in dist.entry_points if entry.group == "console_scripts"}
    runtime = pinned(ROOT / "requirements.txt")
    named = set(re.findall(r"\.venv/bin/([\w.-]+)", section))
    assert "invoke" in named
    assert {name: scripts.get(name) for name in named
            if name != "python" and scripts.get(name) not in runtime} == {}
    targets = set(re.findall(r"^([\w.-]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    assert set(re.findall(r"`make ([\w-]+)", section)) - targets == set()


def test_the_readme_layout_names_every_top_level_file_and_folder():
    """A new IT person finds anything in one step from README's «Layout»:
    every file or folder at the top of the repository is in its table
    (`.github/workflows/`, the Makefile and the pre-commit hook were not)."""
    import re

    layout = readme_section("## Layout")
    named = {name.rstrip("/").split("/")[0] for name in re.findall(r"`([^`\s]+)`", layout)}
    tracked = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    top = {path.split("/")[0] for path in tracked.splitlines()} - {"README.md", "CHANGELOG.md", ".gitignore"}
    assert sorted(top - named) == []


def test_every_npm_package_the_tests_read_is_pinned_in_package_json():
    """The npm files the tests and tools read (``NPM_FILES``) come from
    packages package.json pins itself, and package-lock.json was made from
    it. esprima (the phones' syntax test) came only through lighthouse 12's
    dependencies; after README's upgrade, ``npm install --save-exact
    --save-dev lighthouse@13.5.0``, it was gone: that test failed with «npm
    ci (esprima comes with lighthouse)», and make test ran ``npm ci`` at
    every run (a file of NPM_FILES missing), never bringing it back."""
    import json

    from tools import test_tools

    pins = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert lock[""]["devDependencies"] == pins  # npm ci refuses a lock made from another package.json
    assert {name: version for name, version in pins.items()
            if lock[f"node_modules/{name}"]["version"] != version} == {}  # exact pins, not ranges
    bins = {command: path.removeprefix("node_modules/") for path, entry in lock.items()
            if path.count("node_modules/") == 1 for command in entry.get("bin", {})}
    owners = {}
    for name in test_tools.NPM_FILES:
        parts = name.split("/")
        owner = bins[parts[1]] if parts[0] == ".bin" else "/".join(parts[:2] if name.startswith("@") else parts[:1])
        owners[name] = owner
    assert {name: owner for name, owner in owners.items() if owner not in pins} == {}


def test_every_pin_installs_on_each_python_the_readme_names():
    """README («Two commands») names the oldest Python of both commands
    (pyproject.toml's requires-python) and the newest that passes; every
    pinned package's Requires-Python admits them, the test tools' too.
    soupsieve 4.1.3, beautifulsoup4's, required 3.11.5: on Debian 12's
    Python 3.11.2 `make test` stopped in pip («No matching distribution
    found for soupsieve==4.1.3»), README saying 3.11+. A pin upgraded to a
    release that drops one of them fails here, naming it."""
    import re
    import tomllib
    from importlib import metadata

    from packaging.specifiers import SpecifierSet

    section = readme_section("## Two commands")
    serve = re.search(r"with Python (\d+\.\d+)\+", section)[1]
    newest = re.search(r"Python [\d., ]+ and (\d+\.\d+) each pass", section)[1]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == f">={serve}"
    runtime = pinned(ROOT / "requirements.txt")
    refused = {}
    for name in runtime | pinned(ROOT / "requirements-dev.txt"):
        accepts = SpecifierSet(metadata.metadata(name)["Requires-Python"] or "")
        for python in (f"{serve}.0", f"{newest}.0"):
            if not accepts.contains(python):
                refused[name] = f"{metadata.version(name)}: Python {accepts}, not {python}"
    assert refused == {}


def test_every_requirement_is_a_pin_and_every_installed_package_is_pinned():
    """requirements*.txt pin every version, their dependencies' too («pip
    freeze of a fresh venv»), and tools/venv_check.py, which keeps .venv to
    them at every make, reads only ``name==version`` lines: one written
    ``nh3>=0.3.8`` or ``nh3 == 0.3.8`` was passed over without a word. An
    upgrade that brings a new dependency (pip installs it, unpinned) fails
    here, naming it and the version to pin."""
    import re
    from importlib import metadata

    from tools.venv_check import PIN, pins

    def normal(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    for file in ("requirements.txt", "requirements-dev.txt"):
        for number, line in enumerate((ROOT / file).read_text(encoding="utf-8").splitlines(), 1):
            line = line.split("#", 1)[0].strip()
            assert not line or line.startswith("-r ") or PIN.fullmatch(line), f"{file}:{number}: {line}"
    pinned = {normal(name): version for name, version in pins(ROOT / "requirements-dev.txt")}
    ours = {"pip", "setuptools", "wheel", normal(metadata.metadata("ban-tin-lhh")["Name"])}
    installed = {normal(dist.metadata["Name"]): dist.version for dist in metadata.distributions()}
    assert {name: version for name, version in installed.items()
            if name not in ours and pinned.get(name) != version} == {}
