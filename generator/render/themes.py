"""Theme resolution: the site's own themes/ folder first, then the built-in themes.

A theme is a folder with `templates/` and `static/` and an optional
`theme.yaml` (description, extends). Lookup order for a theme NAME:
site themes/NAME → built-in NAME → the theme it extends → the default theme.
Overriding is by identical file name only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import SiteError, SourceLocation

DEFAULT_THEME = "default"


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
                if folder.is_dir() and not folder.name.startswith("."):
                    found.setdefault(folder.name, ThemeLayer(folder.name, folder, origin))
    return found


def _manifest_value(root: Path, wanted: str) -> str:
    """One top-level text value of a theme's theme.yaml ("" when absent or not text)."""
    manifest = root / "theme.yaml"
    if not manifest.exists() and not manifest.is_symlink():
        return ""
    from generator.oserrors import shown_path
    from generator.read.lines import read_text
    from generator.schema import load_yaml  # aliases bounded, errors located

    shown = shown_path(manifest)
    data, _ = load_yaml(read_text(manifest, shown), shown)
    value = data.get(wanted) if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) else ""


def theme_extends(root: Path) -> str | None:
    """The `extends:` of a theme's theme.yaml, if any."""
    return _manifest_value(root, "extends") or None


def theme_description(root: Path) -> str:
    return _manifest_value(root, "description") or "(no description)"


def resolve_theme(name: str, site_dir: Path) -> Theme:
    """The layer chain for theme `name`; SiteError when it does not exist."""
    builtin = builtin_themes_dir()
    layers: list[ThemeLayer] = []
    pending: str | None = name
    while pending and pending not in {layer.name for layer in layers}:
        site_layer = site_dir / "themes" / pending
        builtin_layer = builtin / pending
        candidates = [ThemeLayer(pending, site_layer, "site")] if site_layer.is_dir() else []
        if builtin_layer.is_dir():
            candidates.append(ThemeLayer(pending, builtin_layer, "built-in"))
        if not candidates:
            names = ", ".join(sorted(available_themes(site_dir)))
            raise SiteError(SourceLocation("site.yaml"), f'unknown theme "{pending}"', f"one of: {names}")
        layers.extend(candidates)
        pending = next((p for p in (theme_extends(c.root) for c in candidates) if p), None)
        if pending is None and name != DEFAULT_THEME and DEFAULT_THEME not in {l.name for l in layers}:
            pending = DEFAULT_THEME
    return Theme(name, tuple(layers))
