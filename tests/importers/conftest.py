"""Fixtures for the importer tests: the loopback server, a small site, `scholarsite import` in-process."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from tests.importers.server import RecordedApi, environment, serving

SITE_YAML = "title: Test\ncontact: ada@example.org\n"


@pytest.fixture
def api() -> Iterator[RecordedApi]:
    yield from serving(RecordedApi())


@pytest.fixture
def import_site(tmp_path: Path) -> Path:
    """A small valid site (one profile paper, a site.yaml with a contact address)."""
    from tests.conftest import make_site, one_paper_profile

    return make_site(tmp_path, {"seeds/x.txt": one_paper_profile(), "site.yaml": SITE_YAML})


@pytest.fixture
def run_import(cli, api: RecordedApi, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """`scholarsite import ARGS` in-process against the loopback server; returns the CliResult."""
    for key in ("OPENALEX_API_KEY", "SEMANTIC_SCHOLAR_API_KEY"):
        monkeypatch.delenv(key, raising=False)

    def run(site: Path, *args: str, env: Mapping[str, str] | None = None):  # type: ignore[no-untyped-def]
        return cli(site, "import", *args, env={**environment(api), **(env or {})})

    return run


def load_seed(site: Path, source: str) -> dict:  # type: ignore[type-arg]
    import yaml

    # libyaml's loader where PyYAML has it: the same data as safe_load, read several times faster
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((site / "seeds" / f"{source}.yaml").read_text(encoding="utf-8"), Loader=loader)


def papers_by_id(site: Path, source: str) -> dict[str, dict]:  # type: ignore[type-arg]
    return {str(paper["id"]): paper for paper in load_seed(site, source)["papers"]}


def import_once(
    tmp_path_factory: pytest.TempPathFactory, source: str, query: str, serve: Callable[[RecordedApi], None]
) -> tuple[Path, RecordedApi]:
    """One import for a whole test module (the big recorded answers take a while to read):
    the site it wrote and the server's log of requests."""
    from scholarsite.importers.http import Client
    from scholarsite.importers.run import import_records
    from tests.conftest import make_site, one_paper_profile

    site = make_site(tmp_path_factory.mktemp(source), {"seeds/x.txt": one_paper_profile(), "site.yaml": SITE_YAML})
    for api in serving(RecordedApi()):
        serve(api)
        client = Client(
            source,
            "ada@example.org",
            backoff=0.001,
            max_wait=0.01,
            environ={f"SCHOLARSITE_API_{source.upper()}": api.url},
        )
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", environment(api)["SOURCE_DATE_EPOCH"])
            printed: list[str] = []
            import_records(site, source, [query], out=printed.append, client=client)
        return site, api, printed
    raise AssertionError("unreachable")
