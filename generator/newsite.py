"""`scholarsite init`: a new site folder, ready to build and to push to GitHub Pages."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from generator import __version__
from generator.errors import SiteError, SourceLocation
from generator.samples import sample_content

SAMPLE_PROFILE_NAME = "000_e37131867a2e8315.txt"


def workflow(install: str) -> str:
    """The GitHub Pages workflow, installing scholarsite with `install` (pip arguments)."""
    return _scaffold("pages.yml").replace("__INSTALL__", install)


def _scaffold(name: str) -> str:
    return resources.files("generator").joinpath("scaffold", name).read_text(encoding="utf-8")


def init_site(target: Path, profile: Path | None = None, force: bool = False) -> list[str]:
    """Write a new site into `target`; returns the files written (relative paths).

    Refuses, naming them, to replace existing files unless `force`.
    """
    if profile is not None:
        try:
            profile_text = profile.read_bytes()
        except OSError as exc:
            raise SiteError(SourceLocation(str(profile)), f"cannot read the profile ({exc.strerror})",
                            "a seeds .txt profile file") from None
        profile_name = profile.name
    else:
        profile_text = _scaffold("sample_profile.txt").encode("utf-8")
        profile_name = SAMPLE_PROFILE_NAME
    files: dict[str, bytes] = {
        "site.yaml": _scaffold("site.yaml").encode(),
        f"seeds/{profile_name}": profile_text,
        "content/about.md": _scaffold("about.md").encode(),
        **sample_content(),  # a CV from cv.yaml, a talk, a course, a project, a post and a news item
        ".gitignore": _scaffold("gitignore").encode(),
        "README.md": _scaffold("README.md").encode(),
        ".github/workflows/pages.yml": workflow(f'"scholarsite=={__version__}"').encode(),
    }
    existing = sorted(name for name in files if (target / name).exists())
    if existing and not force:
        raise SiteError(SourceLocation(str(target)), "refusing to overwrite " + ", ".join(existing),
                        "an empty folder, or --force to replace these files")
    others = sorted(p.name for p in target.iterdir() if p.name != ".git") if target.is_dir() else []
    if others and not force:
        shown = ", ".join(others[:5]) + (" …" if len(others) > 5 else "")
        raise SiteError(SourceLocation(str(target)), f"the folder is not empty ({shown})",
                        "an empty folder (or one with only .git/), or --force to add the site files anyway")
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return list(files)
