"""Theme resolution: the site's own themes/ folder first, then the built-in themes.

A theme is a folder with `templates/` and `static/` and an optional
`theme.yaml` (description, extends). Lookup order for a theme NAME:
site themes/NAME → built-in NAME → the theme it extends → the default theme.
Overriding is by identical file name only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..config import THEME_NAME_EXPECTED, THEME_NAME_PATTERN
from ..errors import SiteError, SourceLocation

DEFAULT_THEME = "default"
# A theme is named, never given as a path: "/etc" or "../.." must not become a layer whose files are read.
_THEME_NAME = re.compile(THEME_NAME_PATTERN)


def check_theme_name(name: str, location: SourceLocation) -> None:
    if not _THEME_NAME.match(name):
        raise SiteError(location, f"{name!r} is not a theme name", THEME_NAME_EXPECTED)


def builtin_themes_dir() -> Path:
    """Where the built-in themes are: inside the package when installed from a wheel,
    the repository's top-level themes/ in a source checkout or editable install."""
    packaged = Path(__file__).resolve().parent.parent / "_themes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "themes"


@dataclass(frozen=True, slots=True)
class ThemeLayer:
    name: str
    root: Path
    origin: str  # "site" or "built-in"


@dataclass(frozen=True, slots=True)
class Theme:
    """The resolved chain, most specific layer first."""

    name: str
    layers: tuple[ThemeLayer, ...]

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        return tuple(layer.root / "templates" for layer in self.layers if (layer.root / "templates").is_dir())

    @property
    def static_dirs(self) -> tuple[Path, ...]:
        return tuple(layer.root / "static" for layer in self.layers if (layer.root / "static").is_dir())


def available_themes(site_dir: Path | None = None) -> dict[str, ThemeLayer]:
    """Every theme by name; a site theme hides a built-in one of the same name only in lookup order."""
    found: dict[str, ThemeLayer] = {}
    for origin, parent in (("built-in", builtin_themes_dir()), ("site", site_dir / "themes" if site_dir else None)):
        if parent and parent.is_dir():
            for folder in sorted(parent.iterdir()):
                # a link out of the themes folder is not a theme (resolve_theme refuses it too)
                if folder.is_dir() and _THEME_NAME.match(folder.name) and folder.resolve().parent == parent.resolve():
                    found.setdefault(folder.name, ThemeLayer(folder.name, folder, origin))
    return found


def _manifest_value(root: Path, wanted: str) -> str:
    """One top-level text value of a theme's theme.yaml ("" when absent or not text)."""
    manifest = root / "theme.yaml"
    if not manifest.exists() and not manifest.is_symlink():
        return ""
    from ..oserrors import shown_path
    from ..read.lines import read_text
    from ..schema import load_yaml  # aliases bounded, errors located

    shown = shown_path(manifest)
    data, _ = load_yaml(read_text(manifest, shown), shown)
    value = data.get(wanted) if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) else ""


def theme_extends(root: Path) -> str | None:
    """The `extends:` of a theme's theme.yaml, if any."""
    return _manifest_value(root, "extends") or None


def _check_inside(layer: ThemeLayer, parent: Path) -> None:
    if layer.root.resolve().parent != parent.resolve():
        raise SiteError(
            SourceLocation(f"themes/{layer.name}"),
            "is a link to a folder outside themes/",
            "the theme's folder itself inside the site's themes/",
        )


def _extends(layer: ThemeLayer) -> str | None:
    """The theme a layer extends, checked to be a name (its line in theme.yaml otherwise)."""
    parent = theme_extends(layer.root)
    if parent is not None and not _THEME_NAME.match(parent):
        manifest = layer.root / "theme.yaml"
        lines = manifest.read_text(encoding="utf-8", errors="replace").split("\n")
        line = next((number for number, text in enumerate(lines, 1) if text.startswith("extends")), 1)
        shown = f"themes/{layer.name}/theme.yaml" if layer.origin == "site" else str(manifest)
        check_theme_name(parent, SourceLocation(shown, line))
    return parent


def theme_description(root: Path) -> str:
    return _manifest_value(root, "description") or "(no description)"


def resolve_theme(name: str, site_dir: Path) -> Theme:
    """The layer chain for theme `name`; SiteError when it does not exist.

    Every layer is a folder directly inside the site's themes/ or the built-in
    themes, never a link out of them, so no theme can read files elsewhere.
    """
    builtin = builtin_themes_dir()
    # Absolute, because compiled templates are kept by file name: the same template, whatever
    # folder the command ran from; and no two sites' templates under one relative name.
    site_themes = site_dir.absolute() / "themes"
    layers: list[ThemeLayer] = []
    pending: str | None = name
    check_theme_name(name, SourceLocation("site.yaml"))  # the caller has located it already; in case it did not
    while pending and pending not in {layer.name for layer in layers}:
        site_layer = site_themes / pending
        builtin_layer = builtin / pending
        candidates = [ThemeLayer(pending, site_layer, "site")] if site_layer.is_dir() else []
        if builtin_layer.is_dir():
            candidates.append(ThemeLayer(pending, builtin_layer, "built-in"))
        if not candidates:
            names = ", ".join(sorted(available_themes(site_dir)))
            raise SiteError(SourceLocation("site.yaml"), f'unknown theme "{pending}"', f"one of: {names}")
        for candidate in candidates:
            _check_inside(candidate, site_themes if candidate.origin == "site" else builtin)
        layers.extend(candidates)
        pending = next((p for p in (_extends(c) for c in candidates) if p), None)
        if pending is None and name != DEFAULT_THEME and DEFAULT_THEME not in {layer.name for layer in layers}:
            pending = DEFAULT_THEME
    return Theme(name, tuple(layers))
