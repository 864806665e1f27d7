"""The owner's photo, made ready for the web: square, in the sizes the themes show, EXIF removed.

A camera's JPEG carries EXIF data (the place it was taken, the camera's serial
number); none of it reaches the site. Each size is cropped to a centred square
and saved as a progressive JPEG, so `srcset` lets a browser take the one that fits
the screen's pixel density. The largest is the page's `og:image` too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import urls
from .errors import SiteError, SourceLocation

if TYPE_CHECKING:
    from PIL.Image import Image as PillowImage

# CSS pixels × device pixel ratios: the default theme shows 160 px, the classic one 120 px;
# 640 is the share image (Open Graph asks for at least 200 × 200).
SIZES = (120, 160, 240, 320, 480, 640)
QUALITY = 82
ORIGINAL_QUALITY = 92  # the full-size original, for a visitor who opens it
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")


@dataclass(frozen=True, slots=True)
class ImageFile:
    """One image of the site: its site path and pixel size."""

    path: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Portrait:
    """The photo in every size made, smallest first; `src` is the one for browsers without srcset."""

    source: str
    variants: tuple[ImageFile, ...]

    @property
    def src(self) -> ImageFile:
        return next((v for v in self.variants if v.width >= 160), self.variants[-1])

    @property
    def share(self) -> ImageFile:
        return self.variants[-1]


@dataclass(frozen=True, slots=True)
class ShareImage:
    """The image link previews show (og:image): an absolute URL, its size and its text alternative."""

    url: str
    width: int
    height: int
    alt: str


def share_image(made: Portrait, base_url: str, owner: str) -> ShareImage | None:
    """og:image wants an absolute URL: None when the site has no base URL (as for canonical links)."""
    if not base_url:
        return None
    image = made.share
    return ShareImage(urls.absolute(base_url, image.path), image.width, image.height, f"Photo of {owner}")


def portrait(name: str, data: bytes) -> tuple[Portrait, dict[str, bytes]]:
    """The sized copies of content/static/`name` (site path → bytes), and the original
    itself without its metadata when it had any. SiteError when it is not an image.
    """
    from PIL import Image, ImageOps  # paid for only by a site with a photo

    shown = SourceLocation(f"content/static/{name}")
    image = _open(data, shown)
    upright = ImageOps.exif_transpose(image)  # the camera's rotation applied, so dropping EXIF keeps it upright
    icc = image.info.get("icc_profile")  # colour, not metadata: kept
    side = min(upright.size)
    sizes = [size for size in SIZES if size <= side] or [side]
    files: dict[str, bytes] = {}
    variants = []
    square = ImageOps.fit(_rgb(upright), (side, side), Image.Resampling.LANCZOS)
    for size in sizes:
        path = urls.photo(name, size)
        scaled = square if size == side else square.resize((size, size), Image.Resampling.LANCZOS)
        files[path] = _jpeg(scaled, icc)
        variants.append(ImageFile(path, size, size))
    if _has_metadata(image):
        files[name] = _reencoded(upright, image.format or "JPEG", icc)
    return Portrait(name, tuple(variants)), files


def _open(data: bytes, shown: SourceLocation) -> PillowImage:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise SiteError(
            shown, f"the photo cannot be read as an image ({error})", "a JPEG, PNG, WebP or GIF file"
        ) from None
    return image


def _rgb(image: PillowImage) -> PillowImage:
    """RGB for JPEG; transparency is laid on white, as a page shows it on a light background."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        from PIL import Image

        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _jpeg(image: PillowImage, icc: bytes | None, quality: int = QUALITY) -> bytes:
    out = io.BytesIO()
    options = {"icc_profile": icc} if icc else {}
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True, **options)
    return out.getvalue()


def _has_metadata(image: PillowImage) -> bool:
    return bool(image.getexif()) or any(key in image.info for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment"))


def _reencoded(image: PillowImage, fmt: str, icc: bytes | None) -> bytes:
    """The original at its size, without EXIF, XMP or comments (saving only writes what it is given)."""
    if fmt == "JPEG":
        return _jpeg(_rgb(image), icc, ORIGINAL_QUALITY)
    out = io.BytesIO()
    image.save(out, fmt, **({"icc_profile": icc} if icc else {}))
    return out.getvalue()
