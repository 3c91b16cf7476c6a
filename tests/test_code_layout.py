"""The code keeps the shape a newcomer can find things in: small modules, a package per domain.

A structural check (issue 14): it reads files and counts lines, and runs nothing of the site.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CMS = ROOT / "cms"
TESTS = ROOT / "tests"

# The factory, config, extensions, the CLI entry and a handful of shared helpers.
MOST_TOP_MODULES = 12
MOST_LINES = 300
# Test folders that mirror no package: journeys through the whole site, and helpers.
NOT_MIRRORS = frozenset({"site", "support"})


def _modules() -> list[Path]:
    """Return every Python module of cms/, packages' __init__ included."""
    return sorted(p for p in CMS.rglob("*.py") if "__pycache__" not in p.parts)


def _packages(root: Path) -> list[Path]:
    """Return the folders directly under root that are Python packages."""
    return sorted(d for d in root.iterdir() if (d / "__init__.py").is_file())


def _name(path: Path) -> str:
    """Return a path as the README writes it: from the checkout's top, folders ending in /."""
    relative = path.relative_to(ROOT).as_posix()
    return relative + "/" if path.is_dir() else relative


def _imports(path: Path) -> set[str]:
    """Return the top-level names of every package a module imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _layout_table() -> set[str]:
    """Return every path named in the first column of the README's layout table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `")]
    return {path for cell in rows for path in re.findall(r"`([^`]+)`", cell)}


def test_the_top_of_cms_keeps_at_most_a_dozen_modules() -> None:
    top = sorted(p.name for p in CMS.glob("*.py"))
    assert len(top) <= MOST_TOP_MODULES, f"{len(top)} modules at the top of cms/: {top}"


def test_no_module_is_over_three_hundred_lines() -> None:
    lengths = {_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in _modules()}
    too_long = {name: lines for name, lines in lengths.items() if lines > MOST_LINES}
    assert not too_long, f"modules over {MOST_LINES} lines: {too_long}"


def test_only_the_sanitizer_imports_bleach() -> None:
    importers = [_name(p) for p in _modules() if "bleach" in _imports(p)]
    assert importers == ["cms/html/sanitize.py"]


def _relative_imports(path: Path) -> set[str]:
    """Return the cms packages a module imports by relative name (``from ..comments``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 2:
            found |= {alias.name for alias in node.names}
    return found


def test_http_imports_nothing_from_comments() -> None:
    # The render cache takes the comment form's fillers by registration (page_parts.py).
    importers = [
        _name(p) for p in (CMS / "http").glob("*.py") if "comments" in _relative_imports(p)
    ]
    assert not importers, f"cms/http/ modules importing comments: {importers}"


def test_every_test_folder_mirrors_a_package_of_cms() -> None:
    mirrors = [d for d in _packages(TESTS) if d.name not in NOT_MIRRORS]
    orphans = [_name(d) for d in mirrors if not (CMS / d.name / "__init__.py").is_file()]
    assert not orphans, f"test folders with no package of the same name in cms/: {orphans}"


def test_every_test_module_in_a_package_folder_is_named_after_a_module() -> None:
    misnamed = []
    for folder in _packages(TESTS):
        if folder.name in NOT_MIRRORS or not (CMS / folder.name).is_dir():
            continue
        modules = {p.stem for p in (CMS / folder.name).glob("*.py") if p.stem != "__init__"}
        for test in sorted(folder.glob("test_*.py")):
            # test_<module>.py, or test_<module>_<aspect>.py for one side of it.
            named = test.stem.removeprefix("test_")
            if not any(named == m or named.startswith(m + "_") for m in modules):
                misnamed.append(_name(test))
    assert not misnamed, f"test modules named after no module of their package: {misnamed}"


def test_every_module_has_a_test_module_named_after_it() -> None:
    # cms/<package>/<module>.py is tested in tests/<package>/test_<module>.py (or
    # test_<module>_<aspect>.py); the top's modules in tests/test_<module>*.py.
    untested = []
    for module in _modules():
        if module.name == "__init__.py":
            continue
        folder = TESTS / module.parent.relative_to(CMS)
        if not any(folder.glob(f"test_{module.stem}.py")) and not any(
            folder.glob(f"test_{module.stem}_*.py")
        ):
            untested.append(_name(module))
    assert not untested, "modules with no test module of their own:\n" + "\n".join(untested)


def test_the_readme_layout_table_names_every_package_and_module() -> None:
    table = _layout_table()
    # A package's row speaks for its __init__.py.
    wanted = [_name(p) for p in _modules() if p.name != "__init__.py" or p.parent == CMS]
    wanted += [_name(d) for d in _packages(CMS)]
    missing = sorted(name for name in wanted if name not in table)
    assert not missing, "not in README.md's layout table:\n" + "\n".join(missing)


def test_the_readme_layout_table_names_only_paths_that_exist() -> None:
    # A row may name a pattern (tests/test_*.py) or a kind of folder (tests/<package>/).
    named = [path for path in _layout_table() if "<" not in path]
    stale = sorted(path for path in named if not any(ROOT.glob(path.rstrip("/"))))
    assert not stale, "README.md's layout table names paths that are gone:\n" + "\n".join(stale)
