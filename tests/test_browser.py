"""The reports as a reader opens them: the run's index and one report of each kind in headless Chromium.

One run of the report suite on the seeds (``python -m analysis report --corpus seeds --out DIR``, into a temporary
folder, from a working directory far from the source tree) is opened page by page in the system's Chromium,
driven by Playwright, with every request outside ``file:``, ``data:``, ``blob:`` and ``about:`` refused: the
reports must work offline. Checked:

- the report folder's index.html opens the newest run;
- one report of each suite entry renders: a title, every picture decoded, no console error, no uncaught
  exception, no failed request, no request that would leave the machine;
- every link of the run's index (and of the pages it links to that list documents and actors) resolves inside
  the run: an HTML page loads with the same checks (and holds the #fragment it is linked with), any other file
  exists and is not empty;
- interactive tables (DataTables, as itables makes them) sort when a header is clicked and filter as words are
  typed into their search box (skipped, saying so, while no report has one);
- ``tools/screenshots.py`` takes the README's pictures from the run.

Skipped with the reason where Playwright or Chromium is not installed (``.ci/run`` installs Chromium in CI).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Self
from urllib.parse import unquote, urlsplit

import pytest

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the module is skipped then
    PlaywrightError = RuntimeError

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "screenshots.py"


def _load_tool():
    spec = importlib.util.spec_from_file_location("tools_screenshots", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


tool = _load_tool()
NO_BROWSER = tool.why_no_browser()
pytestmark = [pytest.mark.slow, pytest.mark.skipif(NO_BROWSER is not None, reason=f"no headless browser: {NO_BROWSER}")]

#: The listing pages a run's index links to (searchable documents and actors); their links are followed too.
LISTINGS = ("documents.html", "actors.html")
#: How long a sorted or filtered table may take to redraw, in seconds.
REDRAW_SECONDS = 5.0
#: Search text no report table holds.
NO_SUCH_TEXT = "zqxj-no-such-text-vkw"


# ------------------------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    """The --out folder of one report run on the seeds, the reports and the teaching suite (a cache of its own, run from a folder of its own)."""
    base = tmp_path_factory.mktemp("browser")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ANALYSIS_CACHE": str(base / "cache")}
    done = subprocess.run([sys.executable, "-m", "analysis", "report", "--suite", "reports", "teaching", "--corpus", str(ROOT / "seeds"),
                           "--out", str(base / "reports")],
                          cwd=base, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"the report run failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return base / "reports"


@pytest.fixture(scope="module")
def run(out) -> Path:
    """The run folder (out/latest, resolved)."""
    return tool.run_folder(out)


@pytest.fixture(scope="module")
def browser():
    with tool.open_browser() as opened:
        yield opened


@pytest.fixture(scope="module")
def one_of_each(run) -> dict:
    """The first report of each suite entry in the run (entry -> Report)."""
    chosen = {}
    for report in tool.list_reports(run):
        chosen.setdefault(report.entry, report)
    return chosen


class Visit:
    """A page opened in a fresh offline browser context, with what went wrong while it loaded."""

    def __init__(self, browser, url: str, *, lands_on: str | None = None) -> None:
        self.context = tool.offline_context(browser)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught exception: {error}"))
        self.page.on("requestfailed", lambda request: self.errors.append(f"failed request: {request.url[:200]} ({request.failure})"))
        self.page.on("request", self._request)
        try:
            self.response = self.page.goto(url, timeout=tool.PAGE_TIMEOUT_MS)
            if lands_on:  # a page that sends the reader on: wait for the page it lands on
                self.page.wait_for_url(lands_on, timeout=tool.PAGE_TIMEOUT_MS)
            tool.settle(self.page)
        except (PlaywrightError, RuntimeError) as error:  # did not load or settle: recorded, so every page is tried
            self.errors.append(f"did not load: {error}".splitlines()[0])
            self.response = None

    def _console(self, message) -> None:
        if message.type == "error":
            where = message.location or {}
            self.errors.append(f"console error: {message.text[:300]} ({where.get('url', '')[-80:]}:{where.get('lineNumber')})")

    def _request(self, request) -> None:
        if not request.url.startswith(tool.OFFLINE_SCHEMES):
            self.errors.append(f"request that leaves the machine: {request.url[:200]}")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.context.close()


def _in_folder(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


# ------------------------------------------------------------------------------------------- index and reports


def test_the_report_folder_index_is_the_newest_runs_index_linking_into_it(out, run, browser):
    visited: dict = {}
    with Visit(browser, (out / "index.html").as_uri()) as visit:
        assert not visit.errors
        assert visit.page.title() and visit.page.locator("h1").count()
        links = _links(visit.page)
        shown = visit.page.inner_text("body")
    assert shown == _page_text(browser, run / "index.html")  # the same page as the run's own index
    assert links
    problems = [problem for url in dict.fromkeys(links) for problem in _check_link(url, run=run, browser=browser, visited=visited)]
    assert problems == []  # every link leads into the newest run


def _page_text(browser, path: Path) -> str:
    with Visit(browser, path.as_uri()) as visit:
        return visit.page.inner_text("body")


def test_every_suite_entry_has_a_report_and_every_report_is_ok(run, one_of_each):
    from analysis.report import read_suite

    manifest = json.loads((run / "run.json").read_text(encoding="utf-8"))
    entries = [entry.name for entry in read_suite(manifest.get("suites") or manifest["suite"]).entries]
    assert sorted(one_of_each) == sorted(entries)
    assert {r.name: r.status for r in tool.list_reports(run) if r.status != "ok"} == {}


def test_a_report_of_each_kind_renders_offline_without_errors(run, browser, one_of_each):
    problems = {}
    for entry, report in one_of_each.items():
        with Visit(browser, report.page.as_uri()) as visit:
            found = list(visit.errors)
            if not visit.page.locator("h1").count():
                found.append("no h1 title")
            broken = visit.page.eval_on_selector_all("img", "imgs => imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 60))")
            found += [f"picture not shown: {src}" for src in broken]
            if len(visit.page.inner_text("body")) < 200:
                found.append("next to no text on the page")
            if found:
                problems[f"{entry} ({report.name})"] = found
    assert problems == {}


def _links(page) -> list[str]:
    """The absolute URL of every link on *page*."""
    return page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")


def _check_link(url: str, *, run: Path, browser, visited: dict) -> list[str]:
    """What is wrong with the link *url* of a page of the run (empty when it resolves); pages are loaded once."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return [f"{url}: not a file of the run (a shared report folder must work offline)"]
    path = Path(unquote(parts.path))
    if not path.exists():
        return [f"{url}: no such file"]
    if not _in_folder(path, run):
        return [f"{url}: outside the run folder {run.name}"]
    if path.is_dir():
        return []
    if path.suffix != ".html":
        return [] if path.stat().st_size > 0 else [f"{url}: empty file"]
    if path not in visited:
        with Visit(browser, path.as_uri()) as visit:
            ids = set(visit.page.eval_on_selector_all("[id], a[name]", "els => els.map(e => e.id || e.name)"))
            visited[path] = ([f"{path.relative_to(run)}: {e}" for e in visit.errors], ids)
    found = list(visited[path][0])
    fragment = unquote(parts.fragment)
    if fragment and fragment not in visited[path][1]:
        found.append(f"{url}: no element #{fragment} on the page")
    return found


def test_every_link_of_the_index_resolves_inside_the_run(out, run, browser):
    visited: dict = {}
    problems: dict[str, list[str]] = {}
    with Visit(browser, (run / "index.html").as_uri()) as index:
        assert not index.errors
        links = _links(index.page)
    assert links, "the run's index has no links"
    pages = [("index.html", links)]
    for listing in LISTINGS:
        if any(urlsplit(url).path.endswith("/" + listing) for url in links):
            with Visit(browser, (run / listing).as_uri()) as visit:
                pages.append((listing, _links(visit.page)))
    for name, urls in pages:
        for url in dict.fromkeys(urls):
            found = _check_link(url, run=run, browser=browser, visited=visited)
            if found:
                problems.setdefault(name, []).extend(found)
    assert problems == {}
    # Every report of the run is reachable from the index or the pages it links to.
    linked = {path.resolve() for path in visited}
    unreachable = [r.name for r in tool.list_reports(run) if r.page.resolve() not in linked]
    assert unreachable == []


def test_a_broken_page_is_caught(browser, tmp_path):
    """The checks above can fail: a console error, an exception, a missing file, a request to the web, a bad link."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>b</title>"
                    "<link rel='stylesheet' href='https://cdn.example.org/style.css'></head><body><h1>b</h1>"
                    "<img src='missing.png'><script>console.error('boom')</script><script>noSuchFunction()</script>"
                    "</body></html>", encoding="utf-8")
    with Visit(browser, page.as_uri()) as visit:
        errors = "\n".join(visit.errors)
        assert visit.context.refused == ["https://cdn.example.org/style.css"]
    for expected in ("request that leaves the machine: https://cdn.example.org/style.css", "missing.png (net::ERR_FILE_NOT_FOUND)",
                     "console error: boom", "uncaught exception: noSuchFunction is not defined"):
        assert expected in errors
    assert _check_link((tmp_path / "gone.html").as_uri(), run=tmp_path, browser=browser, visited={}) == [f"{(tmp_path / 'gone.html').as_uri()}: no such file"]
    assert _check_link(page.as_uri() + "#nowhere", run=tmp_path, browser=browser, visited={})[-1].endswith("no element #nowhere on the page")
    assert "not a file of the run" in _check_link("https://example.org/", run=tmp_path, browser=browser, visited={})[0]
    assert "outside the run folder" in _check_link(page.as_uri(), run=tmp_path / "run", browser=browser, visited={})[0]


# ------------------------------------------------------------------------------------------ interactive tables

#: The visible body rows of a DataTables wrapper, as lists of cell texts (the "no matching records" row left out).
ROWS_JS = """wrapper => Array.from(wrapper.querySelectorAll('table.dataTable tbody tr'))
    .filter(tr => tr.getClientRects().length > 0 && !tr.querySelector('td.dt-empty, td.dataTables_empty'))
    .map(tr => Array.from(tr.cells).map(td => td.textContent.trim()))"""
#: The visible header cells of a DataTables wrapper (with scrolling, DataTables keeps a hidden copy of the header).
HEADERS_JS = """wrapper => Array.from(wrapper.querySelectorAll('thead th'))
    .filter(th => th.getBoundingClientRect().height > 0)"""
#: Whether a DataTables wrapper shows its "no matching records" row.
EMPTY_JS = "wrapper => wrapper.querySelector('td.dt-empty, td.dataTables_empty') !== null"
SEARCH_BOX = ".dt-search input, .dataTables_filter input"
WRAPPERS = ".dt-container, .dataTables_wrapper"


def _number(text: str) -> float | None:
    """*text* read as a number as a table shows it (thousands separators, a percent sign, a minus sign), else None."""
    cleaned = text.replace(",", "").replace("\u2009", "").replace("\u202f", "").replace("\u2212", "-").rstrip("%").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None


def _text_key(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def _ordered(values: list, descending: bool) -> bool:
    pairs = list(itertools.pairwise(values))
    return all(b <= a for a, b in pairs) if descending else all(a <= b for a, b in pairs)


def _sort_column(rows: list[list[str]], numeric_columns: set[int]) -> tuple[int, bool] | None:
    """The column to sort by (its index, whether numeric): a numeric one with two different values, else a text one."""
    columns = list(zip(*rows))
    numeric = [i for i, values in enumerate(columns) if all(_number(v) is not None for v in values if v) and len({v for v in values if v}) > 1]
    for i in sorted(numeric, key=lambda i: i not in numeric_columns):
        return i, True
    for i, values in enumerate(columns):
        if len({_text_key(v) for v in values if v}) > 1:
            return i, False
    return None


def _wait(condition, what) -> None:
    """Wait until *condition()* holds; else fail with *what()* (a message made when it is needed)."""
    deadline = time.monotonic() + REDRAW_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what()} (waited {REDRAW_SECONDS} s)")
        time.sleep(0.05)


def _column(wrapper, column: int) -> list[str]:
    return [row[column] for row in wrapper.evaluate(ROWS_JS) if row[column]]


def _in_order(page, shown: list[str], *, numeric: bool, descending: bool) -> bool:
    """Whether *shown* is in order: as numbers, else as text (case and accents aside, or the browser's collation)."""
    if numeric:
        return _ordered([_number(v) for v in shown], descending)
    if _ordered([_text_key(v) for v in shown], descending):
        return True
    return page.evaluate("([v, d]) => v.every((x, i) => i === 0 || (d ? -1 : 1) * v[i-1].localeCompare(x) <= 0)", [shown, descending])


def _click_to_order(page, wrapper, header, column: int, *, numeric: bool) -> str:
    """Click *header* (where a reader clicks: its ordering button where only that orders, as itables keeps the
    header's words selectable with data-dt-order="icon-only"); the column must come in order. Returns the direction."""
    title = header.text_content().strip()
    before = header.get_attribute("aria-sort")
    (header.query_selector(".dt-column-order[role=button]") or header).click()
    _wait(lambda: header.get_attribute("aria-sort") in ("ascending", "descending") and header.get_attribute("aria-sort") != before,
          lambda: f"clicking the header {title!r} does not order the table by it (aria-sort stays {before!r})")
    direction = header.get_attribute("aria-sort")
    _wait(lambda: _in_order(page, _column(wrapper, column), numeric=numeric, descending=direction == "descending"),
          lambda: f"after a click on {title!r} ({direction}) the column is not in order: {_column(wrapper, column)[:12]}")
    return direction


def check_sorting(page, wrapper) -> str | None:
    """Click a header of the DataTables *wrapper* twice; the rows must come in order, then in the other order.

    Returns None when the table has nothing to sort (fewer than two different values in every column), else a
    description of what was checked; raises AssertionError when the order is wrong.
    """
    rows = wrapper.evaluate(ROWS_JS)
    headers = wrapper.evaluate_handle(HEADERS_JS)
    numeric_columns = set(headers.evaluate("hs => hs.flatMap((h, i) => h.classList.contains('dt-type-numeric') ? [i] : [])"))
    chosen = _sort_column(rows, numeric_columns) if len(rows) > 1 else None
    if chosen is None:
        return None
    column, numeric = chosen
    header = headers.evaluate_handle(f"hs => hs[{column}]").as_element()
    directions = [_click_to_order(page, wrapper, header, column, numeric=numeric) for _ in range(2)]
    assert directions[0] != directions[1]
    return f"sorted by {header.text_content().strip()!r} ({'numbers' if numeric else 'text'}): {' then '.join(directions)}"


def check_search(page, wrapper) -> str | None:
    """Type into the search box of the DataTables *wrapper*: the rows shown must all hold the words typed.

    A word of the first row that some other row lacks must leave only rows that hold it; text no row holds must
    leave none (the "no matching records" row); clearing the box brings every row back. Returns None when the
    table has no search box, else a description of what was checked.
    """
    box = wrapper.query_selector(SEARCH_BOX)
    if box is None:
        return None
    rows = wrapper.evaluate(ROWS_JS)
    texts = [_text_key(" ".join(row)) for row in rows]

    def type_text(text: str) -> None:
        box.fill("")
        if text:
            box.focus()
            page.keyboard.type(text, delay=10)

    checked = []
    words = dict.fromkeys(w for cell in rows[0] for w in re.findall(r"[^\W\d_]{3,}", _text_key(cell))) if rows else {}
    term = next((w for w in words if any(w not in t for t in texts)), None)
    if term is not None:
        type_text(term)
        _wait(lambda: (shown := [_text_key(" ".join(r)) for r in wrapper.evaluate(ROWS_JS)]) and all(term in t for t in shown),
              lambda: f"typing {term!r} into the search box does not leave only rows holding it: {wrapper.evaluate(ROWS_JS)[:5]}")
        checked.append(f"{term!r} keeps {len(wrapper.evaluate(ROWS_JS))} row(s)")
    type_text(NO_SUCH_TEXT)
    _wait(lambda: not wrapper.evaluate(ROWS_JS) and wrapper.evaluate(EMPTY_JS),
          lambda: f"typing {NO_SUCH_TEXT!r} into the search box leaves rows: {wrapper.evaluate(ROWS_JS)[:3]}")
    checked.append(f"{NO_SUCH_TEXT!r} keeps none")
    type_text("")
    _wait(lambda: wrapper.evaluate(ROWS_JS) == rows, lambda: "clearing the search box does not bring the rows back")
    return "; ".join(checked)


def check_interactive_tables(page) -> list[str]:
    """Sort and search every DataTables table on *page*; returns what was checked, one line per check."""
    done = []
    for number, wrapper in enumerate(page.query_selector_all(WRAPPERS)):
        for check in (check_search, check_sorting):  # search first: it leaves the rows as they were
            outcome = check(page, wrapper)
            if outcome:
                done.append(f"table {number + 1}: {outcome}")
    return done


def test_interactive_tables_sort_and_search(browser, one_of_each):
    checked, tables = {}, 0
    for report in one_of_each.values():
        with Visit(browser, report.page.as_uri()) as visit:
            assert not visit.errors, f"{report.name}: {visit.errors}"
            found = visit.page.locator(WRAPPERS).count()
            if found:
                tables += found
                checked[report.name] = check_interactive_tables(visit.page)
    if not tables:
        pytest.skip("no report of this run has an interactive table (DataTables: table.dataTable in a .dt-container): "
                    "the reports' long tables are still static, so there is nothing to sort or search")
    lines = [line for outcomes in checked.values() for line in outcomes]
    assert any("sorted by" in line for line in lines), f"no interactive table had anything to sort: {checked}"
    assert any("keeps none" in line for line in lines), f"no interactive table has a search box: {checked}"


#: A notebook showing tables the way a report does with itables offline: a paged one, the same shares ordered as
#: text ("10.0%" before "9.0%", as a table whose numbers were left as strings is), and a plain pandas table.
TABLES_NOTEBOOK = (
    "import pandas as pd\nimport itables\nitables.init_notebook_mode(all_interactive=False, connected=False)",
    ("frame = pd.DataFrame({'place': [f'{w} {i}' for i, w in enumerate(['Baku', 'Astana', 'Tashkent', 'Bishkek'] * 10)],\n"
     "                      'share': [f'{(i * 37) % 100 + i / 10:.1f}%' for i in range(40)],\n"
     "                      'words': [f'{(i * 7919) % 20000:,}' for i in range(40)]})\n"
     "itables.show(frame, showIndex=False)"),
    "itables.show(frame[['place', 'share']], showIndex=False, columnDefs=[{'type': 'string', 'targets': 1}])",
    "frame.head(2)",
)


def test_the_table_checks_hold_on_an_itables_report_and_catch_numbers_sorted_as_text(browser, tmp_path):
    """The sort and search checks above, on a notebook exported as the reports are (itables offline, the runner's
    HTML export): they pass on a DataTables table, fail on numbers ordered as text, and leave a plain table alone."""
    pytest.importorskip("itables")
    from report_helpers import make_notebook

    from analysis.report import run_notebook

    notebook = make_notebook(tmp_path / "tables.ipynb", "x: int = 1  # unused\n", *TABLES_NOTEBOOK)
    page = run_notebook(notebook, out_dir=tmp_path / "out")["html"]
    with Visit(browser, page.as_uri()) as visit:
        assert visit.errors == []
        first, second = visit.page.query_selector_all(WRAPPERS)  # the plain table is not one
        assert visit.page.locator("table.dataframe").count() == 1
        assert "keeps none" in check_search(visit.page, first)
        assert "numbers" in check_sorting(visit.page, first)
        with pytest.raises(AssertionError, match="not in order"):
            check_sorting(visit.page, second)


# --------------------------------------------------------------------------------------------- README pictures


def test_the_screenshots_are_taken_from_the_run(run, browser, tmp_path):
    from matplotlib import image

    written, missing = tool.take_screenshots(run, tmp_path, browser=browser)
    has_teaching = any(report.teaching for report in tool.list_reports(run))
    assert missing == ([] if has_teaching else ["teaching"])
    assert sorted(written) == sorted({"index", "corpus_overview", "document_report", "document_report_frames"} | ({"teaching"} if has_teaching else set()))
    for name, path in written.items():
        pixels = image.imread(path)
        height = tool.FRAMES_HEIGHT if name == "document_report_frames" else tool.HEIGHT
        assert pixels.shape[:2] == (height, tool.WIDTH), name
        assert pixels[..., :3].std() > 0.02, f"{name}.png is blank"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{name}.png" for name in written)  # no partial file left


def test_the_screenshot_command_names_a_folder_without_a_run(tmp_path, capsys):
    assert tool.main(["--reports", str(tmp_path / "nothing"), "--out", str(tmp_path)]) == 2
    assert "run.json" in capsys.readouterr().err
