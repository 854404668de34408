"""tools/evaluate_dictionaries.py: the coded set's test part is never read, and the figures are evaluate_frames' own."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "evaluate_dictionaries.py"


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("evaluate_dictionaries", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def coded(tmp_path: Path) -> Path:
    rows = pd.DataFrame({
        "item_id": ["s1", "s2", "s3", "s4"],
        "split": ["train", "dev", "test", "train"],
        "text": ["Oil exports rose.", "The summit opened.", "Troops crossed the border.", "The weather was mild."],
        "eurasia": ["economy_energy", "diplomacy", "security;sovereignty", ""],
        "generic": ["", "", "conflict", ""],
    })
    path = tmp_path / "coded.csv"
    rows.to_csv(path, index=False)
    return path


def test_the_test_part_is_dropped_as_the_file_is_read(tool, tmp_path):
    parts = tool.read_parts(coded(tmp_path))
    assert parts["item_id"].tolist() == ["s1", "s2", "s4"]
    assert set(parts["split"]) == {"train", "dev"}


@pytest.mark.parametrize("part", ["test", "all"])
def test_a_part_other_than_train_or_dev_is_refused(tool, part, capsys):
    with pytest.raises(SystemExit):
        tool.main(["--scheme", "eurasia", "--part", part])
    assert "--part must be one of ['train', 'dev']" in capsys.readouterr().err


def test_one_coded_sentence_is_one_unit_and_scored_per_frame(tool, tmp_path):
    gold = tool.read_parts(coded(tmp_path))
    dictionary = {"economy_energy": ["export*"], "diplomacy": ["weather"], "security": ["troops"]}
    hits = tool.match_sentences(gold, dictionary)
    assert set(hits["sent_id"]) == {0}
    assert "s3" not in set(hits["doc_id"])
    scores = tool.score(gold, hits, "eurasia", ["economy_energy", "diplomacy", "security"]).set_index("frame")
    assert scores.loc["economy_energy", ["tp", "fp", "fn"]].tolist() == [1, 0, 0]
    assert scores.loc["diplomacy", ["tp", "fp", "fn"]].tolist() == [0, 1, 1]
    assert scores.loc["security", ["tp", "fp", "fn"]].tolist() == [0, 0, 0]
    false_negatives, false_positives = tool.misses(gold, hits, "eurasia", "diplomacy")
    assert false_negatives["item_id"].tolist() == ["s2"]
    assert false_positives["item_id"].tolist() == ["s4"]
    assert false_positives["fired"].tolist() == ["weather [weather]"]
