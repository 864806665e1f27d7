"""The Pages workflow `init` writes carries a scheduled import, commented out, that lints clean when enabled."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from scholarsite import __version__
from scholarsite.newsite import workflow


def enabled(text: str) -> str:
    """The workflow as a user enables the import: "# " removed from the schedule and the job."""
    lines = text.splitlines()
    start = lines.index("  # import:")
    head = [re.sub(r"^  # (schedule:|  - cron:)", r"  \1", line) for line in lines[:start]]
    job = [line.replace("  # ", "  ", 1) if line.startswith("  # ") else line for line in lines[start:]]
    return "\n".join(head + job) + "\n"


def test_the_scheduled_import_is_there_but_off() -> None:
    data = yaml.safe_load(workflow(f"scholarsite=={__version__}"))
    assert "import" not in data["jobs"] and "schedule" not in data[True]  # PyYAML reads the key `on` as True


def test_enabled_it_imports_every_source_on_a_schedule_and_opens_a_pull_request() -> None:
    data = yaml.safe_load(enabled(workflow(f"scholarsite=={__version__}")))
    assert data[True]["schedule"] == [{"cron": "17 6 * * 1"}]
    job = data["jobs"]["import"]
    assert job["if"] == "github.event_name == 'schedule'"
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    steps = {step.get("name", step.get("uses")): step for step in job["steps"]}
    assert steps["Install scholarsite"]["run"] == f"python -m pip install 'scholarsite[pdf]=={__version__}'"
    assert 'scholarsite import "$source"' in steps["Import"]["run"]
    assert steps["Import"]["env"]["OPENALEX_API_KEY"] == "${{ secrets.OPENALEX_API_KEY }}"
    assert steps["Open a pull request"]["uses"].startswith("peter-evans/create-pull-request@")
    assert set(data["jobs"]) == {"build", "deploy", "import"}


@pytest.mark.browser
@pytest.mark.parametrize("state", ["off", "on"])
def test_actionlint_is_clean_either_way(tmp_path: Path, state: str) -> None:
    from tests.test_pages_deploy import actionlint

    text = workflow(f"scholarsite=={__version__}")
    path = tmp_path / ".github" / "workflows" / "pages.yml"
    path.parent.mkdir(parents=True)
    path.write_text(enabled(text) if state == "on" else text, encoding="utf-8")
    done = subprocess.run([*actionlint(), str(path)], check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
