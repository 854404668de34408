"""Refresh the README's pictures (``docs/*.png``) from a report run, in headless Chromium.

    python tools/screenshots.py [--reports reports] [--out docs] [--document DOC_ID]

``make screenshots`` runs it after ``make report``. It reads the newest complete run under ``--reports`` (its
``latest`` folder; a run folder holding ``run.json`` is also accepted) and writes, 1200 pixels wide:

    index.png                    the run's index page (top, 1200 x 1600)
    corpus_overview.png          the corpus overview (top, 1200 x 1600)
    document_report.png          the top of one document report (``--document``; default: the first in the run)
    document_report_frames.png   the same report's "Frames" section: frame keywords marked in the text (1200 x 890)
    teaching.png                 the first teaching notebook of the run (top, 1200 x 1600)

A picture whose report is not in the run (a suite without teaching notebooks, say) is named and left as it is;
the command then exits with status 1. Each picture is written whole or not at all (a temporary file renamed).

The browser is the system's Chromium (Debian package ``chromium``; ``$CHROMIUM`` names another binary), driven by
Playwright (``pip install -e '.[test]'``); Playwright's own browser download is never used. The pages are opened
with every request outside ``file:``, ``data:``, ``blob:`` and ``about:`` refused, as a reader without a network
would see them. ``tests/test_browser.py`` imports this module (``find_chromium``, ``open_browser``,
``list_reports``, ``take_screenshots``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: Binaries tried in this order when $CHROMIUM is not set.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: URL schemes a page of an offline report may load from.
OFFLINE_SCHEMES = ("file:", "data:", "blob:", "about:")
#: The pictures' width, and the height of a picture of a page's top.
WIDTH, HEIGHT = 1200, 1600
#: The height of the picture of a document report's Frames section.
FRAMES_HEIGHT = 890
#: Arguments that keep the browser from reaching out on its own (updates, sync, metrics) and hide scrollbars.
BROWSER_ARGS = (
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-gpu", "--hide-scrollbars", "--disable-dev-shm-usage",
)
#: How long a page may take to load or a table to become interactive, in milliseconds.
PAGE_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Report:
    """One report of a run: its name, suite entry, status, HTML page and the notebook it was made from."""

    name: str
    entry: str
    status: str
    page: Path
    notebook: str

    @property
    def teaching(self) -> bool:
        """Whether the report is a teaching notebook (a notebook in a ``teaching`` folder, or a teaching entry)."""
        return Path(self.notebook).parent.name == "teaching" or self.entry.startswith("teaching")


def find_chromium() -> str | None:
    """The Chromium binary: ``$CHROMIUM`` (a path or a name on PATH), else the first of CHROMIUM_NAMES on PATH.

    None when there is none (or ``$CHROMIUM`` names nothing that exists).
    """
    named = os.environ.get("CHROMIUM")
    if named:
        return shutil.which(named)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def why_no_browser() -> str | None:
    """Why no browser can be driven here (no Playwright, no Chromium), or None when one can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if find_chromium() is None:
        names = f"$CHROMIUM={os.environ['CHROMIUM']!r}" if os.environ.get("CHROMIUM") else ", ".join(CHROMIUM_NAMES)
        return f"no Chromium found on PATH (looked for {names}; on Debian: apt-get install chromium)"
    return None


@contextlib.contextmanager
def open_browser(*, executable: str | None = None) -> Iterator:
    """A headless Chromium (a Playwright ``Browser``), closed on exit; *executable* defaults to :func:`find_chromium`.

    Raises RuntimeError naming what is missing when Playwright or Chromium is not installed.
    """
    reason = None if executable else why_no_browser()
    if reason:
        raise RuntimeError(f"cannot open a browser: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable or find_chromium(), args=list(BROWSER_ARGS))
        try:
            yield browser
        finally:
            browser.close()


def offline_context(browser, *, width: int = WIDTH, height: int = HEIGHT):
    """A new browser context of *width* x *height* whose requests outside OFFLINE_SCHEMES are refused.

    The refused URLs are kept in the context's ``refused`` list.
    """
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    context.refused = []

    def refuse(route) -> None:
        context.refused.append(route.request.url)
        route.abort("blockedbyclient")

    # file: requests never reach a route; everything else that would leave the machine does.
    context.route(lambda url: not url.startswith(OFFLINE_SCHEMES), refuse)
    return context


def run_folder(reports: str | Path) -> Path:
    """The run folder of *reports*: its ``latest`` run, or *reports* itself when it holds ``run.json``."""
    reports = Path(reports)
    for folder in (reports / "latest", reports):
        if (folder / "run.json").is_file():
            return folder.resolve()
    raise FileNotFoundError(f"--reports {str(reports)!r}: neither it nor its latest/ holds a run.json "
                            f"(a complete run of `python -m analysis report`); run `make report` first")


def list_reports(run: str | Path) -> list[Report]:
    """Every report of the run folder *run*, in the order of its ``run.json``."""
    run = Path(run)
    manifest = json.loads((run / "run.json").read_text(encoding="utf-8"))
    reports = []
    for item in manifest["reports"]:
        folder = run / item["name"]
        notebook = ""
        if (folder / "manifest.json").is_file():
            notebook = json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("notebook") or ""
        reports.append(Report(item["name"], item["entry"], item["status"], folder / f"{item['name']}.html", notebook))
    return reports


def choose_pages(run: str | Path, *, document: str | None = None) -> dict[str, tuple[Path, str | None] | None]:
    """The page behind each picture (and the CSS selector of the part shown, None for the top); None when missing.

    *document* is a doc_id; the document report is the first ``document_report`` of the run whose name ends with
    it (default: the first document report of the run).
    """
    run = Path(run)
    ok = [r for r in list_reports(run) if r.status == "ok" and r.page.is_file()]

    def first(test) -> Path | None:
        return next((r.page for r in ok if test(r)), None)

    doc = first(lambda r: r.entry == "document_report" and (document is None or r.name.endswith(document)))
    if document is not None and doc is None:
        raise ValueError(f"--document {document!r}: no document report of this id in {run} "
                         f"(document reports: {[r.name for r in ok if r.entry == 'document_report']})")
    teaching = first(lambda r: r.teaching)
    overview = first(lambda r: r.entry == "corpus_overview")
    return {
        "index": (run / "index.html", None),
        "corpus_overview": overview and (overview, None),
        "document_report": doc and (doc, None),
        "document_report_frames": doc and (doc, "#Frames"),
        "teaching": teaching and (teaching, None),
    }


def settle(page) -> None:
    """Wait until *page* has its fonts and, where it has DataTables, the tables made interactive."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    pending = "document.querySelectorAll('table[id^=\"itables_\"]:not(.dataTable)').length"
    try:
        page.wait_for_function(f"{pending} === 0", timeout=PAGE_TIMEOUT_MS)
    except Exception as error:  # playwright's TimeoutError
        raise RuntimeError(f"{page.url}: {page.evaluate(pending)} itables table(s) never became interactive in "
                           f"{PAGE_TIMEOUT_MS / 1000:.0f} s (DataTables not loaded: its script missing, stripped or blocked?)") from error


def shoot(browser, url: str, *, part: str | None = None) -> bytes:
    """A PNG of *url*: its top (WIDTH x HEIGHT), or from the element *part* down (WIDTH x FRAMES_HEIGHT)."""
    context = offline_context(browser)
    try:
        page = context.new_page()
        page.goto(url, timeout=PAGE_TIMEOUT_MS)
        settle(page)
        if part is None:
            return page.screenshot(animations="disabled")
        element = page.query_selector(part)
        if element is None:
            raise ValueError(f"{url}: no element {part!r} to take a picture of")
        element.scroll_into_view_if_needed()
        top = page.evaluate("(el) => el.getBoundingClientRect().top + window.scrollY", element)
        clip = {"x": 0, "y": max(top - 10, 0), "width": WIDTH, "height": FRAMES_HEIGHT}
        return page.screenshot(animations="disabled", full_page=True, clip=clip)
    finally:
        context.close()


def write_atomically(path: Path, data: bytes) -> None:
    """Write *data* to *path* through a temporary file in the same folder, renamed when complete."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; a picture is as readable as any file
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def take_screenshots(run: str | Path, out: str | Path, *, document: str | None = None,
                     browser=None) -> tuple[dict[str, Path], list[str]]:
    """Take every picture of :func:`choose_pages` from the run folder *run* into the folder *out*.

    Returns the pictures written (name -> path) and the names of those whose report the run does not have.
    *browser* is an open Playwright browser (default: one opened here with :func:`open_browser`).
    """
    out = Path(out)
    if not out.is_dir():
        raise FileNotFoundError(f"--out {str(out)!r}: no such folder")
    pages = choose_pages(run, document=document)
    if browser is None:
        with open_browser() as opened:
            return take_screenshots(run, out, document=document, browser=opened)
    written, missing = {}, []
    for name, target in pages.items():
        if target is None:
            missing.append(name)
            continue
        page, part = target
        path = out / f"{name}.png"
        write_atomically(path, shoot(browser, page.as_uri(), part=part))
        written[name] = path
    return written, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", default="reports", help="the report folder (`--out` of `python -m analysis report`) or a run folder (default: reports)")
    parser.add_argument("--out", default="docs", help="folder for the pictures (default: docs)")
    parser.add_argument("--document", default=None, metavar="DOC_ID", help="the document whose report is pictured (default: the run's first document report)")
    args = parser.parse_args(argv)
    try:
        run = run_folder(args.reports)
        written, missing = take_screenshots(run, args.out, document=args.document)
    except (FileNotFoundError, ValueError, RuntimeError) as error:
        print(f"screenshots: {error}", file=sys.stderr)
        return 2
    for name, path in written.items():
        print(f"{path} ({name}, from {run.name})")
    for name in missing:
        print(f"{name}.png: the run {run.name} has no such report; the picture is left as it is", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
