"""Tests for analysis.frame_model: the learned frame model, its explanations and the packaged models."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis.frame_model import (
    EXPLANATION_COLUMNS,
    PREDICTION_COLUMNS,
    explain_frames,
    load_frame_model,
    model_hits,
    predict_frames,
    sentence_features,
)
from analysis.framing import HIT_COLUMNS, frame_salience
from analysis.lexicons import load_dictionary

TOY = Path(__file__).parent / "fixtures" / "models" / "toy.combined.json"
TOY_DICTIONARY = {"connectivity": ["corridor"], "security": ["army"]}


def tokens_of(*texts: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})
    return analysis.tokenize(analysis.split_sentences(docs)), docs


def test_sentence_features_are_words_phrases_and_dictionary_hits_at_their_offsets():
    tokens, docs = tokens_of("A new port, and the corridor.")
    hits = analysis.match_frames(tokens, TOY_DICTIONARY, docs=docs)
    features = sentence_features(tokens, dictionary_hits=hits)
    got = {(f, s, e) for f, s, e in features[["feature", "start", "end"]].itertuples(index=False, name=None)}
    assert ("w:new", 2, 5) in got and ("b:new port", 2, 10) in got and ("d:connectivity", 20, 28) in got
    assert ("b:port and", 6, 15) in got  # a comma between two words does not break a phrase
    assert not any(f.startswith("w:,") or f == "w:." for f, _, _ in got)


def test_a_score_is_the_intercept_plus_the_weights_of_the_distinct_features_present():
    model = load_frame_model(TOY)
    tokens, docs = tokens_of("A new port opened near the new port.", "Troops moved.", "Nothing here.")
    predicted = predict_frames(tokens, model, dictionary=TOY_DICTIONARY, docs=docs).set_index(["doc_id", "frame"])
    # d0: w:port and b:new port, each counted once however often they occur
    assert predicted.loc[("d0", "connectivity"), "score"] == pytest.approx(-2.0 + 2.0 + 1.5)
    assert predicted.loc[("d1", "security"), "score"] == pytest.approx(-1.5 + 3.0)
    assert predicted.loc[("d2", "connectivity"), "score"] == pytest.approx(-2.0)
    assert predicted.loc[("d1", "security"), "probability"] == pytest.approx(1 / (1 + math.exp(-1.5)), abs=1e-4)
    assert predicted["present"].tolist() == [True, False, False, True, False, False]
    assert list(predict_frames(tokens, model, dictionary=TOY_DICTIONARY).columns) == PREDICTION_COLUMNS


def test_explanations_sum_to_the_score_and_point_at_the_words():
    model = load_frame_model(TOY)
    tokens, docs = tokens_of("The corridor has a new port.")
    explained = explain_frames(tokens, model, dictionary=TOY_DICTIONARY, docs=docs)
    assert list(explained.columns) == EXPLANATION_COLUMNS
    assert explained[["feature", "matched", "weight"]].values.tolist() == [
        ["w:port", "port", 2.0], ["b:new port", "new port", 1.5], ["d:connectivity", "corridor", 1.0]]
    text = docs["text"][0]
    assert all(text[s:e] == m for s, e, m in explained[["start", "end", "matched"]].itertuples(index=False, name=None))
    score = predict_frames(tokens, model, dictionary=TOY_DICTIONARY).query("frame == 'connectivity'")["score"].iat[0]
    assert score == pytest.approx(model.intercepts[0] + explained["weight"].sum())


def test_model_hits_feed_the_framing_measures():
    model = load_frame_model(TOY)
    tokens, docs = tokens_of("A new port opened. Troops moved.")
    hits = model_hits(tokens, model, dictionary=TOY_DICTIONARY, docs=docs)
    assert list(hits.columns) == HIT_COLUMNS
    # one row per sentence and frame found: the strongest push (w:port 2.0 over b:new port 1.5)
    assert hits[["sent_id", "frame", "pattern", "matched"]].values.tolist() == [[0, "connectivity", "w:port", "port"], [1, "security", "w:troop", "Troops"]]
    salience = frame_salience(hits, analysis.split_sentences(docs), tokens)
    assert salience.set_index("frame")["n_frame_sentences"].to_dict() == {"connectivity": 1, "security": 1}


def test_a_combined_model_without_the_dictionary_is_refused():
    tokens, _ = tokens_of("A new port.")
    with pytest.raises(ValueError, match="reads the dictionary's hits: pass dictionary="):
        predict_frames(tokens, load_frame_model(TOY))


@pytest.mark.parametrize(
    ("content", "message"),
    [("not json", "is not JSON"), ('{"format": 1}', "lacks 'scheme'"),
     (json.dumps({"format": 9, "scheme": "s", "kind": "model", "frames": [], "features": [], "weights": {}, "intercepts": {}, "thresholds": {}}), "has format 9"),
     (json.dumps({"format": 1, "scheme": "s", "kind": "model", "frames": ["a"], "features": ["w:x"], "weights": {"a": []},
                  "intercepts": {"a": 0}, "thresholds": {"a": 0.5}}), "weights of 'a' must have one value per feature")],
)
def test_a_bad_model_file_is_named(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        load_frame_model(path)
    assert str(path) in str(info.value)


def test_an_unknown_scheme_is_named():
    with pytest.raises(FileNotFoundError, match="no packaged model frame model for scheme 'nope'"):
        load_frame_model("nope")


@pytest.mark.parametrize("scheme", ["eurasia", "generic"])
@pytest.mark.parametrize("kind", ["model", "combined"])
def test_the_packaged_models_load_and_name_their_recipe(scheme, kind):
    model = load_frame_model(scheme, kind=kind)
    assert model.scheme == scheme and model.kind == kind
    assert list(model.frames) == analysis.lexicons.describe_frames(scheme)["frame"].tolist()
    assert model.weights.shape == (len(model.features), len(model.frames))
    assert model.recipe["parts"] == ["train", "dev"] and model.recipe["data"].endswith("coded_sentences.csv")
    assert model.uses_dictionary is (kind == "combined")
    assert np.all((model.thresholds > 0) & (model.thresholds < 1))


def test_the_packaged_eurasia_model_finds_a_plain_connectivity_sentence():
    tokens, docs = tokens_of("The new railway will carry cargo from the port of Baku across the Caspian Sea to Europe.")
    model = load_frame_model("eurasia", kind="combined")
    present = predict_frames(tokens, model, dictionary=load_dictionary("eurasia"), docs=docs).query("present")["frame"].tolist()
    assert "connectivity" in present
