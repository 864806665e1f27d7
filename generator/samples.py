"""The sample content `scholarsite init` writes: one example of each kind, marked as sample text."""

from __future__ import annotations

from importlib import resources

# site path → file in generator/scaffold/
SAMPLES = {
    "content/cv.yaml": "cv.yaml",
    "content/news/sample-news.md": "news.md",
    "content/posts/sample-post.md": "post.md",
    "content/projects/sample-project.md": "project.md",
    "content/talks/sample-talk.md": "talk.md",
    "content/teaching/sample-course.md": "course.md",
}


def sample_content() -> dict[str, bytes]:
    """The bytes of each sample file, by the path it gets in the new site."""
    folder = resources.files(__package__).joinpath("scaffold")
    return {path: folder.joinpath(name).read_bytes() for path, name in SAMPLES.items()}
