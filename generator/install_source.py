"""Where the running scholarsite was installed from, as a pip requirement a CI machine can install.

`scholarsite init` writes this into the Pages workflow, so the site is built
in CI by the same scholarsite that made it. The source is read from the
distribution's PEP 610 `direct_url.json`: pip writes it for every install
from a URL, a VCS or a local folder, and writes none for an install from a
package index.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import urlsplit, urlunsplit

DISTRIBUTION = "scholarsite"
SOURCE_URL_LABELS = ("source", "repository", "source code", "code")  # Project-URL labels of a git repository


@dataclass(frozen=True, slots=True)
class InstallSource:
    """`requirement` for `pip install`; `note` says why the user may have to replace it (None: nothing to do)."""

    requirement: str
    note: str | None = None


def install_source(distribution: str = DISTRIBUTION) -> InstallSource:
    """The requirement that installs the running `distribution` again, on another machine."""
    try:
        found = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        from . import __version__

        return _local(f"{distribution}=={__version__}", [], "is not installed (it runs from a source folder)")
    pinned = f"{distribution}=={found.version}"
    text = found.read_text("direct_url.json")
    if text is None:  # installed from a package index
        return InstallSource(pinned)
    try:
        direct = json.loads(text)
    except ValueError:
        direct = None
    if not isinstance(direct, dict) or not isinstance(direct.get("url"), str):
        return _local(pinned, _source_urls(found), "was installed from an unknown place")
    url = direct["url"]
    subdirectory = direct.get("subdirectory")
    fragment = f"#subdirectory={subdirectory}" if isinstance(subdirectory, str) and subdirectory else ""
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict) and _reachable(url):
        commit = vcs.get("commit_id")
        revision = f"@{commit}" if isinstance(commit, str) and commit else ""
        return InstallSource(f"{distribution} @ {vcs.get('vcs', 'git')}+{_public(url)}{revision}{fragment}")
    if isinstance(direct.get("archive_info"), dict) and _reachable(url):
        return InstallSource(f"{distribution} @ {_public(url)}{fragment}")
    editable = isinstance(direct.get("dir_info"), dict) and direct["dir_info"].get("editable") is True
    how = "was installed from a local folder (editable)" if editable else "was installed from a local file or folder"
    return _local(pinned, _source_urls(found), how)


def _local(pinned: str, source_urls: list[str], how: str) -> InstallSource:
    """A source CI cannot reach: the project's public repository if its metadata names one, else the release."""
    if source_urls:
        requirement = f"{DISTRIBUTION} @ git+{source_urls[0]}"
        return InstallSource(
            requirement,
            f"scholarsite {how}; the workflow installs the latest {requirement}: "
            "pin a commit or tag (…@COMMIT) for repeatable builds",
        )
    return InstallSource(
        pinned,
        f"scholarsite {how}, which GitHub Actions cannot reach; the workflow installs "
        f'"{pinned}" from PyPI: if that release is not published, replace it in the '
        '"Install scholarsite" step with a source that is, such as '
        '"scholarsite @ git+https://github.com/OWNER/REPOSITORY@COMMIT"',
    )


def _reachable(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https", "git", "ssh")


def _public(url: str) -> str:
    """`url` without user name and password: they belong to the machine that installed it, not in a workflow."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _source_urls(found: metadata.Distribution) -> list[str]:
    """https URLs of the project's repository from its Project-URL metadata ("Source, https://…")."""
    urls = []
    for entry in found.metadata.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        url = url.strip()
        if label.strip().casefold() in SOURCE_URL_LABELS and urlsplit(url).scheme == "https":
            urls.append(url)
    return urls
