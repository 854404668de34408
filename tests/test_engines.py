"""The Dask engine: an executor on a local cluster or a scheduler address, closed on exit, and the same tables as the local engine."""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import sys
import time
import warnings
from pathlib import Path

import distributed  # the dask extra; `make test` installs it, so these tests run in CI
import pandas as pd
import psutil
import pytest
from pandas.testing import assert_frame_equal

import analysis
from analysis.__main__ import main
from analysis.engines import DaskExecutor, dask_executor
from analysis.scoring import combine, load_resources, score, score_chunk

FIXTURE = Path(__file__).parent / "fixtures" / "score_corpus"
INSTALL = r"pip install 'analysis\[dask\]'"
#: No HTTP server on the default port 8787 (which another cluster may hold).
QUIET_SCHEDULER = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}


def _gone(pids) -> bool:
    """No process of *pids* is running any more (psutil comes with distributed)."""
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                return False
        except psutil.NoSuchProcess:
            pass
    return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def running_cluster():
    """A cluster someone else started: one worker process, reached by its address."""
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR, scheduler_kwargs=QUIET_SCHEDULER) as cluster:
        yield cluster


@pytest.mark.slow
def test_chunks_scored_on_a_local_cluster_equal_score():
    docs = analysis.load_corpus(FIXTURE)
    resources = load_resources()
    with dask_executor(None, jobs=2) as executor:
        assert isinstance(executor, DaskExecutor)
        # resources= reaches score_chunk (Dask's own submit would take it for worker resources)
        futures = [executor.submit(score_chunk, docs.iloc[i : i + 1], resources=resources) for i in range(len(docs))]
        chunks = [future.result() for future in futures]
        pids = {executor.submit(os.getpid).result() for _ in range(4)}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # c.txt is Russian: the LanguageWarning is tested in test_scoring
        expected = score(docs, chunk_size=1)
    for name, table in expected.tables().items():
        assert_frame_equal(combine(chunks).tables()[name], table, obj=name)
    assert _gone(pids), "the local cluster's worker processes outlive the block"
    with pytest.raises(RuntimeError, match="after shutdown"):
        executor.submit(os.getpid)


@pytest.mark.slow
def test_ctrl_c_in_the_block_cancels_the_tasks_and_closes_the_local_cluster():
    with pytest.raises(KeyboardInterrupt):
        with dask_executor(None, jobs=1) as executor:
            pid = executor.submit(os.getpid).result()
            executor.submit(time.sleep, 600)
            raise KeyboardInterrupt
    assert _gone({pid})
    with pytest.raises(RuntimeError, match="after shutdown"):
        executor.submit(os.getpid)


@pytest.mark.slow
def test_a_running_cluster_is_used_by_its_address_and_left_running(running_cluster):
    with dask_executor(running_cluster.scheduler_address, jobs=1) as executor:
        pid = executor.submit(os.getpid).result()
    assert pid != os.getpid()
    with distributed.Client(running_cluster, set_as_default=False) as client:
        assert list(client.run(os.getpid).values()) == [pid]  # our client closed, their cluster and worker still up


@pytest.mark.slow
def test_workers_running_another_analysis_are_refused(running_cluster):
    with distributed.Client(running_cluster, set_as_default=False) as client:
        client.run(exec, "import analysis.engines as e; e.__version__ = '0.0.0-other'")
        try:
            with pytest.raises(ConnectionError, match=r"run another analysis than this one \(analysis 0\.1\.0.*\): tcp://.* \(analysis 0\.0\.0-other"):
                with dask_executor(running_cluster.scheduler_address, jobs=1):
                    pass
        finally:
            client.run(exec, f"import analysis.engines as e; e.__version__ = {analysis.__version__!r}")


def test_a_scheduler_without_workers_is_refused():
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None, silence_logs=logging.ERROR, scheduler_kwargs=QUIET_SCHEDULER) as cluster:
        address = cluster.scheduler_address
        with pytest.raises(ConnectionError, match=rf"the Dask scheduler at '{address}' has no worker after 1 s; start workers with `dask worker {address}` on machines"):
            with dask_executor(address, jobs=1, timeout=1):
                pass


def test_an_address_where_no_scheduler_answers_is_refused_naming_it():
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(ConnectionError, match=rf"cannot connect to a Dask scheduler at '{address}' within 2 s .*`dask scheduler`"):
        with dask_executor(address, jobs=1, timeout=2):
            pass


@pytest.mark.parametrize(
    "scheduler,message",
    [
        ("nonsense", r"scheduler 'nonsense' is not a Dask scheduler address \(missing port number"),
        ("foo://host:8786", r"scheduler 'foo://host:8786' is not a Dask scheduler address \(unknown address scheme 'foo'"),
        ("", r"scheduler must be the address of a Dask scheduler .* or None for a local cluster; got ''"),
        (8786, r"scheduler must be the address of a Dask scheduler .*; got 8786"),
    ],
)
def test_a_malformed_address_is_refused(scheduler, message):
    with pytest.raises(ValueError, match=message):
        with dask_executor(scheduler, jobs=1):
            pass


@pytest.mark.parametrize(
    "options,message",
    [
        ({"jobs": 0}, r"jobs must be an integer >= 1; got 0"),
        ({"jobs": 2.0}, r"jobs must be an integer >= 1; got 2.0"),
        ({"jobs": 1, "timeout": 0}, r"timeout must be a positive number of seconds; got 0"),
    ],
)
def test_bad_options_are_refused_before_anything_starts(options, message):
    with pytest.raises(ValueError, match=message):
        with dask_executor(None, **options):
            pass


def test_without_dask_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now raises ImportError
    with pytest.raises(ImportError, match=rf"needs dask\.distributed, which is not installed .*{INSTALL}"):
        with dask_executor(None, jobs=1):
            pass


def test_score_engine_dask_without_dask_says_what_to_install(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)
    assert main(["score", str(FIXTURE), "--out", str(tmp_path / "out"), "--engine", "dask", "--no-cache"]) == 2
    assert "pip install 'analysis[dask]'" in capsys.readouterr().err
    assert not (tmp_path / "out" / "manifest.json").exists()


@pytest.mark.slow
@pytest.mark.parametrize("where", ["local cluster", "scheduler address"])
def test_score_engine_dask_writes_the_tables_of_the_local_engine(tmp_path, where, request):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    shutil.copy(corpus / "a.txt", corpus / "d.txt")  # an exact duplicate, flagged across chunks scored on different workers
    common = ["--no-cache", "--chunk-size", "1"]
    engine = ["--engine", "dask", "--jobs", "2"]
    if where == "scheduler address":
        engine += ["--scheduler", request.getfixturevalue("running_cluster").scheduler_address]
    assert main(["score", str(corpus), "--out", str(tmp_path / "local"), "--jobs", "1", *common]) == 0
    assert main(["score", str(corpus), "--out", str(tmp_path / "dask"), *engine, *common]) == 0
    manifests = [json.loads((tmp_path / run / "manifest.json").read_text(encoding="utf-8")) for run in ("local", "dask")]
    assert manifests[0]["tables"] == manifests[1]["tables"]
    for name, entry in manifests[0]["tables"].items():
        local, dask = (pd.read_parquet(tmp_path / run / entry["file"]) for run in ("local", "dask"))
        assert len(local) > 0, name
        assert_frame_equal(dask, local, obj=name)
    documents = pd.read_parquet(tmp_path / "dask" / manifests[1]["tables"]["documents"]["file"]).set_index("doc_id")
    assert documents.loc["d", "duplicate_of"] == "a"
