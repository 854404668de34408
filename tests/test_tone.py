"""Tests for analysis.tone: the news tone model, its features, explanations and the packaged model file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.lexicons import load_news_events, vader_valences
from analysis.sentiment import vader_scores
from analysis.tone import (
    EXPLANATION_COLUMNS,
    FEATURE_COLUMNS,
    TONE_COLUMNS,
    ToneModel,
    explain_tone,
    load_tone_model,
    score_tone,
    tone_features,
)

ROOT = Path(__file__).resolve().parents[1]

NEWS = [
    "Dozens of civilians were killed when troops shelled the city overnight, officials said.",
    "The two countries signed a trade agreement and praised their growing cooperation.",
    "The earthquake left thousands displaced and damaged hospitals across the province.",
    "The minister said the talks would resume on Tuesday.",
    "No casualties were reported after the storm, but it was not a great day!",
]


def _docs(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})


def _sentences(texts: list[str]) -> pd.DataFrame:
    return analysis.split_sentences(_docs(texts))


def _toy(**weights: float) -> ToneModel:
    return ToneModel(weights={name.replace("__", ":"): w for name, w in weights.items()}, intercept=-0.5)


# --------------------------------------------------------------------------- the packaged model


def test_the_packaged_model_loads_and_its_recipe_names_its_data():
    model = load_tone_model()
    recipe = model.recipe
    assert recipe["data"] == "analysis/data/gold/coded_sentences.csv"
    assert recipe["data_sha256"] == hashlib.sha256((ROOT / recipe["data"]).read_bytes()).hexdigest()
    assert recipe["parts"] == ["train", "dev"]
    assert recipe["news_events"] == "analysis/data/tone/news_events_en.csv"
    assert recipe["news_events_sha256"] == hashlib.sha256((ROOT / recipe["news_events"]).read_bytes()).hexdigest()
    assert recipe["command"].startswith("python tools/train_tone_model.py")
    assert model.scale == (-4.0, 4.0)
    assert {"vader:compound", "vader:pos", "vader:neg"} <= set(model.weights)
    categories = set(load_news_events()["category"])
    assert {f"news:{c}" for c in categories} <= set(model.weights)
    assert model.weights["vader:compound"] > 0  # VADER's compound still pushes the same way


def test_the_packaged_model_is_plain_json_with_one_weight_per_feature():
    spec = json.loads((ROOT / "analysis" / "data" / "tone" / "news_tone.json").read_text(encoding="utf-8"))
    assert spec["format"] == 1
    assert len(spec["features"]) == len(spec["weights"]) == len(set(spec["features"]))
    assert all(isinstance(w, float) for w in spec["weights"])


def test_a_negative_news_sentence_scores_below_a_positive_one_and_a_neutral_one_between():
    tone = score_tone(_sentences(NEWS[:4]))["tone"].to_numpy()
    killed, agreement, earthquake, talks = tone
    assert killed < talks < agreement
    assert earthquake < talks
    assert killed < 0 < agreement


def test_news_event_words_move_tone_where_vader_sees_nothing():
    # VADER scores both 0 (no lexicon word): only the news tone tells the disaster from the routine
    texts = ["A hurricane and floods hit the coast.", "A delegation visited the coast."]
    assert vader_scores(texts)["compound"].tolist() == [0.0, 0.0]
    tone = score_tone(_sentences(texts))["tone"].to_numpy()
    assert tone[0] < tone[1]


# --------------------------------------------------------------------------- arithmetic and explanations


def test_score_is_the_intercept_plus_weighted_features_by_hand():
    texts = ["The earthquake killed 40 people.", "Troops and troops."]
    model = _toy(vader__compound=2.0, vader__neg=-1.0, news__disaster=-1.5, news__conflict=-0.25, w__people=0.1, w__troops=0.3)
    compound, neg = vader_scores(texts)[["compound", "neg"]].to_numpy().T
    expected = [-0.5 + 2.0 * compound[0] - neg[0] - 1.5 + 0.1, -0.5 + 2.0 * compound[1] - neg[1] + 2 * (-0.25 + 0.3)]
    got = score_tone(_sentences(texts), model=model)
    assert got.columns.tolist() == TONE_COLUMNS
    assert got["tone"].to_numpy() == pytest.approx(expected, abs=1e-12)


def test_explanation_rows_add_up_to_the_score_with_the_packaged_model():
    docs = _docs(NEWS)
    sentences = analysis.split_sentences(docs)
    scores = score_tone(sentences)
    why = explain_tone(sentences, docs=docs)
    assert why.columns.tolist() == EXPLANATION_COLUMNS
    sums = why.groupby(["doc_id", "sent_id"], sort=False)["weight"].sum()
    assert sums.to_numpy() == pytest.approx(scores.set_index(["doc_id", "sent_id"]).loc[sums.index, "tone"].to_numpy(), abs=1e-9)
    # every sentence has one vader row and one intercept row; word rows point at their words
    assert (why.groupby(["doc_id", "sent_id"])["feature"].apply(lambda f: ((f == "vader").sum(), (f == "intercept").sum())) == (1, 1)).all()
    texts = dict(zip(docs["doc_id"], docs["text"]))
    for row in why[~why["feature"].isin(["vader", "intercept"])].itertuples(index=False):
        assert texts[row.doc_id][row.start:row.end] == row.matched
        if row.feature.startswith("w:"):
            assert row.matched.casefold() == row.feature[2:]
        else:
            assert load_news_events().set_index("word").loc[row.matched.casefold(), "category"] == row.feature[5:]


def test_the_vader_part_is_one_row_from_the_exact_vader_scores():
    docs = _docs(["It was a horrible, deadly attack. The new bridge is great!"])
    sentences = analysis.split_sentences(docs)
    model = load_tone_model()
    why = explain_tone(sentences, docs=docs)
    vader = why[why["feature"] == "vader"]
    scores = vader_scores(sentences["text"].tolist())
    expected = sum(model.weights[f"vader:{name}"] * scores[name] for name in ("compound", "pos", "neg"))
    assert vader["weight"].to_numpy() == pytest.approx(expected.to_numpy(), abs=1e-12)
    assert vader["matched"].tolist() == sentences["text"].tolist()
    assert vader[["start", "end"]].to_numpy().tolist() == sentences[["start", "end"]].to_numpy().tolist()


def test_explanation_without_docs_reads_the_sentence_text_at_document_offsets():
    docs = _docs(["Calm day. Then the blaze spread."])
    sentences = analysis.split_sentences(docs)
    model = _toy(news__disaster=-2.0)
    with_docs = explain_tone(sentences, model=model, docs=docs)
    without = explain_tone(sentences, model=model)
    pd.testing.assert_frame_equal(with_docs, without)
    blaze = without[without["feature"] == "news:disaster"].iloc[0]
    assert (blaze["matched"], blaze["start"], blaze["end"], blaze["weight"]) == ("blaze", 19, 24, -2.0)


def test_words_without_weight_are_not_listed_and_strongest_push_comes_first():
    sentences = _sentences(["Refugees fled the invasion."])
    why = explain_tone(sentences, model=_toy(w__fled=-0.2, w__the=0.0, news__displacement=-1.0, news__conflict=-0.6))
    assert why["feature"].tolist() == ["news:displacement", "news:conflict", "w:fled", "intercept"]  # the toy model reads no VADER score
    why = explain_tone(sentences, model=_toy(vader__compound=1.0, w__fled=-0.2))
    assert why["feature"].tolist() == ["vader", "w:fled", "intercept"]


# --------------------------------------------------------------------------- features


def test_features_value_news_words_by_category_and_flip_them_under_negation():
    cases = ["Casualties were reported.", "No casualties were reported.", "There weren't any casualties.", "Not a single one of the casualties."]
    features = tone_features(_sentences(cases))
    assert features.columns.tolist() == FEATURE_COLUMNS
    news = features[features["feature"] == "news:harm"]
    # "not" four words back is outside VADER's three-word window
    assert news["value"].tolist() == [1.0, -1.0, -1.0, 1.0]


def test_features_carry_the_exact_vader_scores_and_word_counts():
    texts = ["Good news: the good harvest grew."]
    features = tone_features(_sentences(texts))
    scores = vader_scores(texts).iloc[0]
    vader = features[features["feature"].str.startswith("vader:")].set_index("feature")["value"]
    assert vader.to_dict() == {"vader:compound": scores["compound"], "vader:pos": scores["pos"], "vader:neg": scores["neg"]}
    words = features[features["feature"].str.startswith("w:")]
    assert words["feature"].tolist() == ["w:good", "w:news", "w:the", "w:good", "w:harvest", "w:grew"]
    assert features[features["feature"] == "news:achievement"][["start", "end"]].to_numpy().tolist() == [[28, 32]]


def test_given_tokens_give_the_same_scores_as_tokens_made_here():
    sentences = _sentences(NEWS)
    tokens = analysis.tokenize(sentences)
    pd.testing.assert_frame_equal(score_tone(sentences, tokens=tokens), score_tone(sentences))


def test_rows_keep_sentence_order_and_text_without_words_gets_the_intercept_and_vader_part():
    sentences = pd.DataFrame({"doc_id": ["c", "b", "a"], "sent_id": [0, 0, 0], "start": [0, 0, 0], "end": [12, 3, 12],
                              "text": ["Troops left.", "...", "Talks ended."]})
    model = _toy(w__talks=1.0, w__troops=-1.0)
    got = score_tone(sentences, model=model)
    assert got[["doc_id", "sent_id"]].to_numpy().tolist() == sentences[["doc_id", "sent_id"]].to_numpy().tolist()
    assert got["tone"].tolist() == pytest.approx([-1.5, -0.5, 0.5])


def test_an_empty_sentences_table_gives_empty_tables_with_the_columns():
    empty = _sentences(["x"]).iloc[:0]
    assert score_tone(empty).columns.tolist() == TONE_COLUMNS and len(score_tone(empty)) == 0
    assert explain_tone(empty).columns.tolist() == EXPLANATION_COLUMNS and len(explain_tone(empty)) == 0


def test_every_news_event_word_is_absent_from_vaders_lexicon():
    words = load_news_events()["word"].tolist()
    assert [w for w in words if w in vader_valences()] == []
    assert len(words) == len(set(words)) > 100


# --------------------------------------------------------------------------- bad input


def test_a_documents_table_is_refused_with_the_call_to_make_first():
    with pytest.raises(ValueError, match=r"score_tone: sentences needs a sentences table.*run analysis.split_sentences"):
        score_tone(_docs(["Troops left."]))
    with pytest.raises(ValueError, match=r"explain_tone: sentences needs a sentences table"):
        explain_tone(_docs(["Troops left."]))


def test_a_wrong_model_or_tokens_argument_is_named():
    sentences = _sentences(["Troops left."])
    with pytest.raises(TypeError, match=r"score_tone: model must be a ToneModel .*got dict"):
        score_tone(sentences, model={"w:troops": 1.0})
    with pytest.raises(ValueError, match=r"score_tone: tokens needs"):
        score_tone(sentences, tokens=sentences)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", r"is not JSON"),
        ("[1, 2]", r"must hold a JSON object"),
        ('{"format": 1, "features": [], "intercept": 0, "scale": [-4, 4], "recipe": {}}', r"lacks 'weights'"),
        ('{"format": 9, "features": [], "weights": [], "intercept": 0, "scale": [-4, 4], "recipe": {}}', r"has format 9; this package reads format 1"),
        ('{"format": 1, "features": ["w:a"], "weights": [], "intercept": 0, "scale": [-4, 4], "recipe": {}}', r"same length"),
        ('{"format": 1, "features": ["a"], "weights": [1], "intercept": 0, "scale": [-4, 4], "recipe": {}}', r"feature 'a' is not vader:<score>"),
        ('{"format": 1, "features": ["vader:neu"], "weights": [1], "intercept": 0, "scale": [-4, 4], "recipe": {}}', r"VADER score 'neu' is not one of"),
        ('{"format": 1, "features": ["w:a"], "weights": ["x"], "intercept": 0, "scale": [-4, 4], "recipe": {}}', r"must be numbers"),
    ],
)
def test_a_bad_model_file_is_named_with_what_is_wrong(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as caught:
        load_tone_model(path)
    assert str(path) in str(caught.value)


def test_a_missing_model_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"tone model .*absent.json' does not exist"):
        load_tone_model(tmp_path / "absent.json")


def test_a_model_file_round_trips(tmp_path):
    path = tmp_path / "toy.json"
    path.write_text(json.dumps({"format": 1, "features": ["vader:compound", "w:troops"], "weights": [2.0, -1.0], "intercept": 0.5,
                                "scale": [-4, 4], "recipe": {"data": "toy"}}), encoding="utf-8")
    model = load_tone_model(path)
    assert dict(model.weights) == {"vader:compound": 2.0, "w:troops": -1.0}
    assert score_tone(_sentences(["Troops left."]), model=model)["tone"].tolist() == [-0.5]


def test_a_bad_news_event_file_is_named(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("# source: test\nword,category\nflood,disaster\nFlood,disaster\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"news-event file .*events.csv'.*word 'flood' occurs twice"):
        load_news_events(path)
    path.write_text("word,kind\nflood,disaster\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['category'\]"):
        load_news_events(path)
    with pytest.raises(FileNotFoundError, match=r"news-event file .*nope.csv' does not exist"):
        load_news_events(tmp_path / "nope.csv")


def test_the_packaged_model_gives_no_weight_to_names_or_numbers():
    weights = load_tone_model().weights
    assert [w for w in ("w:azerbaijan", "w:armenia", "w:russia", "w:trump", "w:iran", "w:kazakhstan") if w in weights] == []
    assert [w for w in weights if w.startswith("w:") and any(ch.isdigit() for ch in w)] == []
    tone = score_tone(_sentences(["Azerbaijan signed the deal in Baku.", "Armenia signed the deal in Yerevan."]))["tone"]
    assert tone[0] == tone[1]
