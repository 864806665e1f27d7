"""The stages import one way: the import-linter contract in pyproject.toml holds, and it would catch a break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

# lint-imports, run without its cache (which it would write into the current folder).
LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """The contract of `root`/pyproject.toml checked against the package in `root`."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-c", LINT], cwd=root, env=env, capture_output=True, text=True, check=False, timeout=120
    )


def test_the_stages_import_one_way() -> None:
    result = lint_imports(REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "one-way stages KEPT" in result.stdout


@pytest.fixture(scope="module")
def clean_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package and the contract in a folder of their own, checked once to keep the contract (do not modify)."""
    root = tmp_path_factory.mktemp("contract")
    shutil.copytree(REPO_ROOT / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    text = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (root / "pyproject.toml").write_text(text[text.index("\n[tool.importlinter]\n") + 1 :], encoding="utf-8")
    assert lint_imports(root).returncode == 0  # so the break a test adds is what makes the check fail
    return root


@pytest.fixture
def contract_copy(clean_copy: Path, tmp_path: Path) -> Path:
    """A copy of the clean copy, to break on purpose."""
    shutil.copytree(clean_copy, tmp_path, dirs_exist_ok=True)
    return tmp_path


@pytest.mark.parametrize(
    ("module", "added", "named"),
    [
        # a module-level upward import: the URL layout asking the planner
        ("urls.py", "from . import pages  # noqa: F401\n", "generator.urls is not allowed to import generator.pages"),
        # a function-level import does not dodge it: the reader asking the model
        pytest.param(
            "read/lines.py",
            "\n\ndef _model() -> object:\n    from ..model import Site\n\n    return Site\n",
            "generator.read is not allowed to import generator.model",
            marks=pytest.mark.slow,
        ),
        # nor does one only for type checking: rendering asking the build
        pytest.param(
            "render/render.py",
            "\nif TYPE_CHECKING:\n    from ..build import RenderedSite  # noqa: F401\n",
            "generator.render is not allowed to import generator.build",
            marks=pytest.mark.slow,
        ),
    ],
)
def test_an_upward_import_breaks_the_contract(contract_copy: Path, module: str, added: str, named: str) -> None:
    root = contract_copy
    source = root / "generator" / module
    source.write_text(source.read_text(encoding="utf-8") + added, encoding="utf-8")
    result = lint_imports(root)
    assert result.returncode == 1
    assert "one-way stages BROKEN" in result.stdout and named in result.stdout, result.stdout


@pytest.mark.slow
def test_a_new_module_must_be_given_a_layer(contract_copy: Path) -> None:
    root = contract_copy
    (root / "generator" / "stray.py").write_text('"""A module in no layer."""\n', encoding="utf-8")
    result = lint_imports(root)
    assert result.returncode == 1 and "generator.stray" in result.stdout, result.stdout
