"""`scholarsite init`: a new site folder, ready to build and to push to GitHub Pages."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import SiteError, SourceLocation
from .install_source import install_source
from .samples import sample_content

SAMPLE_PROFILE_NAME = "sample-profile.txt"
PLAIN_YAML = re.compile(r"^[^'\"#:{}\[\]&*!|>%@`,?-][^#]*$")  # a run: value that needs no YAML quoting


@dataclass(frozen=True, slots=True)
class NewSite:
    """What `init` wrote (paths relative to the site folder) and what the user should know about it."""

    files: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())


def workflow(requirement: str, note: str | None = None) -> str:
    """The GitHub Pages workflow, installing scholarsite as the pip `requirement`.

    `note`, when the requirement may not work on GitHub's machines, is written
    above the install line, so the file itself says what to replace.
    """
    command = f"python -m pip install {shlex.quote(with_pdf_extra(requirement))}"
    value = command if PLAIN_YAML.match(command) and ": " not in command else json.dumps(command)
    comment = "".join(f"        # {line}\n" for line in _wrap(f"REPLACE if needed: {note}")) if note else ""
    return (
        _scaffold("pages.yml").replace("__INSTALL_NOTE__", comment).replace("python -m pip install __INSTALL__", value)
    )


def with_pdf_extra(requirement: str) -> str:
    """`requirement` with the `pdf` extra, so the deployed site gets its /cv.pdf typeset too."""
    name, sep, rest = requirement.partition(" @ ")
    if sep:
        return f"{name}[pdf] @ {rest}"
    name, sep, rest = requirement.partition("==")
    return f"{name}[pdf]{sep}{rest}"


def _wrap(text: str, width: int = 90) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current else lines


def _scaffold(name: str) -> str:
    return resources.files(__package__).joinpath("scaffold", name).read_text(encoding="utf-8")


def _profile(profile: Path) -> tuple[str, bytes]:
    """The name and bytes of the user's profile, checked as the build will check it: bad → SiteError."""
    from .read.lines import decode, read_input, size_limit
    from .read.seeds import parse_profile

    shown = str(profile)
    data = read_input(profile, shown, size_limit(profile))  # a pipe or a device is refused, not read
    if profile.suffix != ".txt":
        raise SiteError(
            SourceLocation(shown),
            "a profile must be a .txt file",
            "the text of a research-profile page saved as NAME.txt (BibTeX files go into seeds/ as they are)",
        )
    parse_profile(decode(data, shown), shown, lambda location, problem: None)  # warnings wait for the build
    return profile.name, data


def init_site(target: Path, profile: Path | None = None, force: bool = False) -> NewSite:
    """Write a new site into `target`.

    The profile, when given, is validated first; nothing is written when it is
    bad or when files would be replaced without `force`.
    """
    notes: list[str] = []
    if profile is not None:
        profile_name, profile_text = _profile(profile)
    else:
        profile_name, profile_text = SAMPLE_PROFILE_NAME, _scaffold("sample_profile.txt").encode("utf-8")
        notes.append(
            f"seeds/{SAMPLE_PROFILE_NAME} is a sample profile with made-up papers: replace it with "
            'your own (see "Where a profile comes from" in the scholarsite README), or pass --profile'
        )
    source = install_source()
    if source.note:
        notes.append(f".github/workflows/pages.yml: {source.note}")
    files: dict[str, bytes] = {
        "site.yaml": _scaffold("site.yaml").encode(),
        f"seeds/{profile_name}": profile_text,
        "content/about.md": _scaffold("about.md").encode(),
        **sample_content(),  # a CV from cv.yaml, a talk, a course, a project, a post and a news item
        ".gitignore": _scaffold("gitignore").encode(),
        "README.md": _scaffold("README.md").replace("__INSTALL__", shlex.quote(source.requirement)).encode(),
        ".github/workflows/pages.yml": workflow(source.requirement, source.note).encode(),
    }
    existing = sorted(name for name in files if (target / name).exists())
    if existing and not force:
        raise SiteError(
            SourceLocation(str(target)),
            "refusing to overwrite " + ", ".join(existing),
            "an empty folder, or --force to replace these files",
        )
    others = sorted(p.name for p in target.iterdir() if p.name != ".git") if target.is_dir() else []
    if others and not force:
        shown = ", ".join(others[:5]) + (" …" if len(others) > 5 else "")
        raise SiteError(
            SourceLocation(str(target)),
            f"the folder is not empty ({shown})",
            "an empty folder (or one with only .git/), or --force to add the site files anyway",
        )
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return NewSite(tuple(files), tuple(notes))
