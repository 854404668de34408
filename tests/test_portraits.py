"""Portraits: one document's and one actor's rows, checked on tiny hand-built frames."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.framing import frame_actors
from analysis.sentiment import actor_tone
from analysis.portraits import (
    COVERAGE_COLUMNS,
    NOT_ENGLISH,
    SKIP_REASONS,
    SKIPPED_MEASURES,
    count_roles,
    coverage_note,
    measure_coverage,
    DOCUMENT_MENTION_COLUMNS,
    EGO_COLUMNS,
    FRAMES_AROUND_COLUMNS,
    METADATA_COLUMNS,
    NOT_GIVEN,
    ROLE_TONE_COLUMNS,
    describe_document,
    ego_network,
    extreme_sentences,
    frames_around,
    label_roles,
    mentions_by_document,
    quotes_about,
    scoring_note,
    select_documents,
    select_mentions,
    sentences_naming,
    strongest_sentence,
    tone_by_role,
)


# --------------------------------------------------------------------------- describe_document, scoring_note


def test_describe_document_lists_fields_in_order_with_missing_values_named():
    docs = pd.DataFrame({
        "doc_id": ["x", "d"], "title": ["Other", "Baku <talks>"], "outlet": ["O", pd.NA], "author": ["A", ""],
        "language": ["en", "en"], "n_removed": [0, 3],
        "removed": [[], [{"rule": "byline"}, {"rule": "photo_credit"}, {"rule": "byline"}]],
    })
    documents = pd.DataFrame({"doc_id": ["d", "x"], "scored": [True, True], "title": ["ignored", "ignored"]})
    expected = pd.DataFrame(
        [["doc_id", "d"], ["title", "Baku <talks>"], ["outlet", NOT_GIVEN], ["author", NOT_GIVEN], ["language", "en"],
         ["n_removed", "3"], ["removed_rules", "byline x2; photo_credit x1"], ["scored", "True"]],
        columns=METADATA_COLUMNS,
    ).astype("string")
    assert_frame_equal(describe_document(docs, doc_id="d", documents=documents), expected)


def test_describe_document_nothing_removed_reads_none():
    docs = pd.DataFrame({"doc_id": ["d"], "n_removed": [0], "removed": [[]]})
    assert describe_document(docs, doc_id="d")["value"].tolist() == ["d", "0", "none"]


def test_describe_document_unknown_id():
    with pytest.raises(ValueError, match=r"doc_id 'q' is not in docs; valid doc_id values: d"):
        describe_document(pd.DataFrame({"doc_id": ["d"]}), doc_id="q")


@pytest.mark.parametrize(
    ("scored", "expected", "absent"),
    [
        (False, "<b>English-only measures were not run</b> on &lt;i&gt;x (language: ru)", "was scored"),
        (True, "&lt;i&gt;x (language: ru) was scored with every measure", "not run"),
    ],
)
def test_scoring_note_says_whether_measures_ran_and_escapes(scored, expected, absent):
    documents = pd.DataFrame({"doc_id": ["<i>x"], "scored": [scored], "language": ["ru"]})
    note = str(scoring_note(documents, doc_id="<i>x"))
    assert expected in note and absent not in note
    assert "<i>x" not in note


# --------------------------------------------------------------------------- roles and tone


def _paragraphs():
    return pd.DataFrame({"doc_id": ["i", "i", "i", "j"], "para_id": [0, 1, 2, 0],
                         "role": ["narrative", "question", "answer", "narrative"]})


def test_label_roles_adds_the_paragraph_role_and_keeps_the_rest():
    sentences = pd.DataFrame({"doc_id": ["i", "i", "i", "j"], "sent_id": [0, 1, 2, 0], "para_id": [2, 1, 0, 0], "text": list("wxyz")})
    out = label_roles(sentences, _paragraphs())
    assert_frame_equal(out.drop(columns="role"), sentences)
    assert out["role"].tolist() == ["answer", "question", "narrative", "narrative"]
    assert "role" not in sentences.columns


def test_label_roles_refuses_an_unknown_paragraph():
    sentences = pd.DataFrame({"doc_id": ["i"], "sent_id": [0], "para_id": [7]})
    with pytest.raises(ValueError, match=r"paragraph \(doc_id='i', para_id=7\) of a sentence is not in paragraphs"):
        label_roles(sentences, _paragraphs())


def test_tone_by_role_hand_computed():
    # thresholds are inclusive: 0.05 is positive, -0.05 negative (Hutto & Gilbert 2014)
    scores = pd.DataFrame({"doc_id": ["i"] * 5 + ["j"], "sent_id": [0, 1, 2, 3, 4, 0], "para_id": [2, 1, 2, 2, 0, 0],
                           "compound": [0.05, -0.05, 0.04, -0.6, 0.2, 0.0]})
    expected = pd.DataFrame(
        [["i", "narrative", 1, 1, 0.2, 0.2, 1, 0, 0, 1.0, 0.0, 0.0],
         ["i", "question", 1, 1, -0.05, -0.05, 0, 0, 1, 0.0, 0.0, 1.0],
         ["i", "answer", 1, 3, (0.05 + 0.04 - 0.6) / 3, 0.04, 1, 1, 1, 1 / 3, 1 / 3, 1 / 3],
         ["j", "narrative", 1, 1, 0.0, 0.0, 0, 1, 0, 0.0, 1.0, 0.0]],
        columns=ROLE_TONE_COLUMNS,
    )
    out = tone_by_role(scores, _paragraphs())
    assert_frame_equal(out, expected, check_dtype=False)
    assert out["n_sentences"].dtype == "int64"


def test_tone_by_role_agrees_with_actor_tone_taking_roles_as_actors():
    # reference: actor_tone computes the same statistics per "actor"; give it the roles as actors
    scores = pd.DataFrame({"doc_id": ["i"] * 6, "sent_id": range(6), "para_id": [0, 1, 2, 2, 1, 2],
                           "compound": [0.3, -0.2, 0.7, 0.01, 0.0, -0.9]})
    paragraphs = _paragraphs().iloc[:3]
    labelled = label_roles(scores, paragraphs)
    reference = actor_tone(scores, labelled.rename(columns={"role": "actor"})).set_index("actor")
    ours = tone_by_role(scores, paragraphs).set_index("role")
    columns = ["n_sentences", "compound_mean", "compound_median", "share_positive", "share_neutral", "share_negative"]
    assert_frame_equal(ours.loc[reference.index, columns], reference[columns], check_dtype=False, check_names=False)


def test_tone_by_role_needs_para_id():
    with pytest.raises(ValueError, match=r"tone_by_role: sentence_scores needs column\(s\) \['para_id'\]; the frame has"):
        tone_by_role(pd.DataFrame({"doc_id": ["i"], "compound": [0.1]}), _paragraphs())


@pytest.mark.parametrize(
    ("n", "positive", "negative"),
    [
        (1, [4], [1]),
        (2, [4, 0], [1, 5]),  # 0 and 3 tie at 0.5: the earlier row first
        (5, [4, 0, 3], [1, 5]),  # 2 (0.04) is neutral and never listed
    ],
)
def test_extreme_sentences(n, positive, negative):
    scores = pd.DataFrame({"sent_id": range(6), "compound": [0.5, -0.7, 0.04, 0.5, 0.9, -0.05], "text": list("abcdef")})
    out = extreme_sentences(scores, n=n)
    assert out.loc[out["tone"] == "positive", "sent_id"].tolist() == positive
    assert out.loc[out["tone"] == "negative", "sent_id"].tolist() == negative
    assert out.groupby("tone")["rank"].apply(list).to_dict() == {
        "positive": list(range(1, len(positive) + 1)), "negative": list(range(1, len(negative) + 1))}
    assert out.columns.tolist() == ["tone", "rank", "sent_id", "compound", "text"]


def test_extreme_sentences_of_a_neutral_text_is_empty_and_checks_n():
    assert extreme_sentences(pd.DataFrame({"compound": [0.0, 0.02]})).empty
    with pytest.raises(ValueError, match="n must be a whole number >= 1; got 0"):
        extreme_sentences(pd.DataFrame({"compound": [0.0]}), n=0)


@pytest.mark.parametrize(
    ("compound", "expected"),
    [([0.1, -0.3, 0.3], "b"), ([0.0, 0.0], "a"), ([0.2, 0.9], "b")],
)
def test_strongest_sentence(compound, expected):
    frame = pd.DataFrame({"text": list("abc")[: len(compound)], "compound": compound})
    assert strongest_sentence(frame) == expected


# --------------------------------------------------------------------------- one actor


def _mentions():
    return pd.DataFrame({
        "doc_id": ["a", "a", "a", "b", "b", "c"],
        "sent_id": [0, 0, 2, 1, 1, 0],
        "actor": ["azerbaijan", "ilham_aliyev", "russia", "azerbaijan", "azerbaijan", "russia"],
        "kind": ["state", "leader", "state", "state", "state", "state"],
        "state": ["azerbaijan", "azerbaijan", "russia", "azerbaijan", "azerbaijan", "russia"],
        "form": ["capital", "leader", "name", "name", "demonym", "name"],
        "surface": ["Baku", "Aliyev", "Russia", "Azerbaijan", "Azerbaijani", "Russia"],
        "start": [30, 0, 50, 12, 0, 0],
        "end": [34, 6, 56, 22, 11, 6],
    })


@pytest.mark.parametrize(("level", "expected"), [("actor", [30, 0, 12]), ("state", [0, 30, 0, 12])])
def test_select_mentions_by_level_in_document_order(level, expected):
    out = select_mentions(_mentions(), "azerbaijan", level=level)
    assert out["start"].tolist() == expected
    assert set(out["state"]) == {"azerbaijan"}


def test_select_mentions_refuses_unknown_actor_and_level():
    with pytest.raises(ValueError, match=r"actor 'azerbaijn' is not named .* most mentioned actors are: azerbaijan, russia, ilham_aliyev"):
        select_mentions(_mentions(), "azerbaijn")
    with pytest.raises(ValueError, match=r"level must be one of \['actor', 'state'\]; got 'country'"):
        select_mentions(_mentions(), "azerbaijan", level="country")


def test_mentions_by_document_hand_counted():
    out = mentions_by_document(select_mentions(_mentions(), "azerbaijan", level="state"))
    expected = pd.DataFrame(
        [["a", 2, 1, 0, 1, 0, 1, 0, "Aliyev (1); Baku (1)"], ["b", 2, 1, 1, 0, 1, 0, 0, "Azerbaijan (1); Azerbaijani (1)"]],
        columns=DOCUMENT_MENTION_COLUMNS,
    )
    assert_frame_equal(out, expected, check_dtype=False)


def test_sentences_naming_joins_on_document_and_sentence():
    scores = pd.DataFrame({"doc_id": ["a", "a", "a", "b", "b"], "sent_id": [0, 1, 2, 0, 1], "compound": [0.1, 0.2, 0.3, 0.4, 0.5]})
    out = sentences_naming(scores, select_mentions(_mentions(), "azerbaijan", level="state"))
    assert out[["doc_id", "sent_id", "compound"]].values.tolist() == [["a", 0, 0.1], ["b", 1, 0.5]]
    assert out["n_mentions"].tolist() == [2, 2]
    assert out["surfaces"].tolist() == ["Aliyev; Baku", "Azerbaijani; Azerbaijan"]  # text order


def _edges():
    return pd.DataFrame({"source": ["az", "kz", "az", "cn", "ru", "az"], "target": ["kz", "ru", "ru", "us", "us", "tr"],
                         "n_sentences": [5, 4, 3, 2, 1, 1], "n_docs": [2, 2, 1, 1, 1, 1]})


@pytest.mark.parametrize(
    ("actor", "alters", "expected"),
    [
        ("az", True, [("az", "kz", "ego"), ("az", "ru", "ego"), ("az", "tr", "ego"), ("kz", "ru", "alters")]),
        ("az", False, [("az", "kz", "ego"), ("az", "ru", "ego"), ("az", "tr", "ego")]),
        ("us", True, [("cn", "us", "ego"), ("ru", "us", "ego")]),
        ("xx", True, []),
    ],
)
def test_ego_network(actor, alters, expected):
    out = ego_network(_edges(), actor, alters=alters)
    assert list(out.columns) == EGO_COLUMNS
    assert [tuple(r) for r in out[["source", "target", "tie"]].itertuples(index=False)] == expected


def test_frames_around_counts_the_actors_sentences():
    hits = pd.DataFrame({"doc_id": ["a", "a", "a", "b", "c"], "sent_id": [0, 0, 2, 1, 0],
                         "frame": ["security", "diplomacy", "security", "security", "security"]})
    out = frames_around(hits, _mentions(), "azerbaijan", level="state")
    # azerbaijan's sentences: (a,0), (b,1) -> 2; security in (a,0), (b,1); diplomacy in (a,0); security has 4 sentences
    expected = pd.DataFrame(
        [["security", "azerbaijan", 2, 2, 1.0, 4, 0.5], ["diplomacy", "azerbaijan", 1, 2, 0.5, 1, 1.0]], columns=FRAMES_AROUND_COLUMNS)
    assert_frame_equal(out, expected, check_dtype=False)
    # at the actor level without leaders it agrees with frame_actors
    reference = frame_actors(hits, _mentions()).query("actor == 'azerbaijan'").set_index("frame")
    ours = frames_around(hits, _mentions(), "azerbaijan").set_index("frame")
    assert_frame_equal(ours.loc[reference.index, reference.columns], reference, check_dtype=False)


def _quotes():
    return pd.DataFrame({
        "doc_id": ["a", "a", "a", "b", "c"], "quote_id": [0, 1, 2, 0, 0], "sent_id": [0, 0, 2, 1, 0],
        "start": [25, 100, 40, 30, 10], "end": [40, 130, 60, 60, 20],
        "speaker_start": [pd.NA, 0, pd.NA, 0, pd.NA], "speaker_end": [pd.NA, 6, pd.NA, 20, pd.NA],
        "text": ["q0", "q1", "q2", "q3", "q4"],
    })


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        # q(a,0) 25-40 holds Baku 30-34: text. q(a,1) 100-130 in sentence 0 with Baku: sentence; with level="state" its
        # speaker span 0-6 is Aliyev: speaker wins. q(a,2) in sentence 2: nothing. q(b,0): Azerbaijani 0-11 lies in the
        # speaker span 0-20 (Azerbaijan 12-22 does not: it ends after it, but is in the quote's sentence).
        ("actor", [("a", 0, "text", "Baku"), ("a", 1, "sentence", "Baku"), ("b", 0, "speaker", "Azerbaijani")]),
        ("state", [("a", 0, "text", "Baku"), ("a", 1, "speaker", "Aliyev"), ("b", 0, "speaker", "Azerbaijani")]),
    ],
)
def test_quotes_about(level, expected):
    out = quotes_about(_quotes(), _mentions(), "azerbaijan", level=level)
    assert [tuple(r) for r in out[["doc_id", "quote_id", "named_in", "surfaces"]].itertuples(index=False)] == expected
    assert out.columns.tolist() == [*_quotes().columns, "named_in", "surfaces"]


def test_quotes_about_sentence_only_and_other_documents_do_not_match():
    quotes = pd.DataFrame({"doc_id": ["a", "c"], "quote_id": [0, 0], "sent_id": [2, 5], "start": [0, 30], "end": [10, 34]})
    mentions = pd.DataFrame({"doc_id": ["a", "b"], "sent_id": [2, 5], "actor": ["russia", "russia"], "surface": ["Russia", "Russia"],
                             "start": [50, 30], "end": [56, 34]})
    out = quotes_about(quotes, mentions, "russia")
    # a: Russia is outside the quote but in its sentence; c: the offsets 30-34 are in document b, not c
    assert out[["doc_id", "named_in"]].values.tolist() == [["a", "sentence"]]
    assert quotes_about(quotes, mentions, "nobody").empty


# -- count_roles ---------------------------------------------------------------


def test_count_roles_of_batches_is_the_count_of_the_whole_frame():
    from analysis.corpus import split_paragraphs

    interview = "Intro line of the piece.\n\nQ: Why Baku?\n\nA: Because of the port.\n\nQ: And Astana?\n\nA: The railway."
    docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": [interview, "One.\n\nTwo.\n\nThree.", "Only one."]})
    expected = split_paragraphs(docs).groupby(["doc_id", "role"]).size().unstack(fill_value=0)
    assert_frame_equal(count_roles([docs.iloc[[2]], docs.iloc[:2]]), expected)
    assert_frame_equal(count_roles(docs), expected)
    assert expected.to_dict() == {"answer": {"a": 2, "b": 0, "c": 0}, "narrative": {"a": 1, "b": 3, "c": 1}, "question": {"a": 2, "b": 0, "c": 0}}
    with pytest.raises(ValueError, match="count_roles: document 'a' is in two batches"):
        count_roles([docs.iloc[:1], docs.iloc[:1]])


def test_select_documents_from_batches_equals_the_whole_frame_filtered(tmp_path):
    docs = pd.DataFrame({"doc_id": pd.Series(["a", "b", "c", "d", "e"], dtype="string"), "text": ["A.", "B.", "C.", "D.", "E."]})
    docs.attrs["problems"] = (("x.txt", "empty"),)
    batches = [docs.iloc[i:i + 2] for i in range(0, 5, 2)]
    for batch in batches:
        batch.attrs = dict(docs.attrs)
    expected = docs.iloc[[1, 4]].reset_index(drop=True)
    selected = select_documents(iter(batches), doc_ids=["e", "b", "zz"])
    assert_frame_equal(selected, expected)
    assert selected.attrs == docs.attrs
    assert_frame_equal(select_documents(docs, doc_ids=["b", "e"]), expected)
    assert_frame_equal(select_documents(iter(batches), doc_ids=[]), docs.iloc[:0])


def test_select_documents_refuses_a_string_and_an_empty_iterable():
    with pytest.raises(TypeError, match="doc_ids must be a list of document ids, not the string 'a'"):
        select_documents(pd.DataFrame({"doc_id": ["a"]}), doc_ids="a")
    with pytest.raises(ValueError, match="docs gave no frame"):
        select_documents(iter([]), doc_ids=["a"])
    with pytest.raises(ValueError, match=r"select_documents needs column\(s\) \['doc_id'\]"):
        select_documents(pd.DataFrame({"id": ["a"]}), doc_ids=["a"])


# --------------------------------------------------------------------------- measure_coverage, coverage_note

MIXED = pd.DataFrame({"doc_id": ["en1", "ru1", "tr1", "ru2", "x", "en2", "y"],
                      "language": ["en", "ru", "tr", "ru", "und", "en", None],
                      "scored": [True, False, False, False, False, True, False]})


def test_measure_coverage_one_row_per_language_with_what_was_skipped_and_why():
    coverage = measure_coverage(MIXED)
    assert list(coverage.columns) == COVERAGE_COLUMNS
    assert coverage["language"].tolist() == ["en", "ru", "(none)", "tr", "und"]  # most documents first, then by code
    assert coverage["n_docs"].tolist() == [2, 2, 1, 1, 1]
    assert coverage["n_scored"].tolist() == [2, 0, 0, 0, 0]
    assert coverage["n_skipped"].tolist() == [0, 2, 1, 1, 1]
    assert coverage["skipped_doc_ids"].tolist() == ["", "ru1; ru2", "y", "tr1", "x"]
    assert coverage["skipped"].tolist() == ["", *[SKIPPED_MEASURES] * 4]
    assert coverage.set_index("language")["reason"].to_dict() == {
        "en": "", "ru": NOT_ENGLISH, "(none)": SKIP_REASONS["(none)"], "tr": NOT_ENGLISH, "und": SKIP_REASONS["und"]}


def test_measure_coverage_needs_language_and_scored():
    with pytest.raises(ValueError, match=r"measure_coverage: documents needs column\(s\) \['scored'\]"):
        measure_coverage(MIXED.drop(columns="scored"))


def test_coverage_note_names_languages_skipped_documents_and_why():
    text = str(coverage_note(MIXED))
    assert "<b>Languages:</b> en (2 documents), ru (2 documents), (none) (1 document), tr (1 document), und (1 document)." in text
    assert "were run on the 2 English documents only, and skipped for the other 5 of 7" in text
    assert f"<li>ru: 2 documents (ru1, ru2), because {NOT_ENGLISH}</li>" in text
    assert "<li>und: 1 document (x), because the language could not be determined" in text
    assert "<i>missing</i> (not measured), never zero" in text


def test_coverage_note_of_a_corpus_without_english_and_of_an_english_one():
    russian = pd.DataFrame({"doc_id": [f"r{i}" for i in range(12)], "language": "ru", "scored": False})
    text = str(coverage_note(russian))
    assert "<b>Languages:</b> ru (12 documents)." in text and "<b>No document is in English</b>" in text
    assert "not run on any of the 12 documents" in text
    assert "(r0, r1, r2, r3, r4, r5, r6, r7, r8, r9 and 2 more)" in text  # ids listed up to ten per language
    english = pd.DataFrame({"doc_id": ["a", "b"], "language": "en", "scored": True})
    assert str(coverage_note(english)) == ('<div class="analysis-note"><p><b>Languages:</b> en (2 documents).</p>'
                                           "<p>Every document (2) was scored with every measure.</p></div>")


def test_coverage_note_escapes_ids_and_languages():
    documents = pd.DataFrame({"doc_id": ["<script>x</script>"], "language": ["<i>"], "scored": [False]})
    text = str(coverage_note(documents))
    assert "<script>" not in text and "&lt;script&gt;x&lt;/script&gt;" in text and "&lt;i&gt; (1 document)" in text


# --------------------------------------------------------------------------- resources_used, suggest_scheme, resources_note

from analysis.portraits import RESOURCE_COLUMNS, SCHEME_FIT_SHARE, resources_note, resources_used, suggest_scheme  # noqa: E402

EURASIA = {"frames": {"name": "eurasia", "method": "dictionary"}, "actors": {"name": "default"}}


def _used(share: float, *, name: str = "eurasia", method: str = "dictionary", actors: str = "default") -> pd.DataFrame:
    return pd.DataFrame({"resource": ["frames", "actors"], "name": [name, actors], "method": [method, "gazetteer"], "n_hits": [5, 2],
                         "n_found": [2, 1], "n_documents": [2, 1], "n_sentences": [4, 2], "share_of_sentences": [share, 0.1]})


def test_resources_used_counts_hits_sentences_and_documents_by_hand():
    # a: 4 sentences, b: 6, c: not English (its n_sentences does not count); frames hit a0 twice, a3, b5; actors a1, a1, b2
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "scored": [True, True, False], "n_sentences": pd.array([4, 6, None], dtype="Int64")})
    hits = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "sent_id": [0, 0, 3, 5], "frame": ["security", "status", "security", "security"]})
    mentions = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [1, 1, 2], "actor": ["china", "russia", "china"]})
    used = resources_used(EURASIA, documents=documents, frame_hits=hits, actors=mentions)
    assert list(used.columns) == RESOURCE_COLUMNS
    assert used.set_index("resource")[["n_hits", "n_found", "n_documents", "n_sentences"]].to_dict("index") == {
        "frames": {"n_hits": 4, "n_found": 2, "n_documents": 2, "n_sentences": 3},
        "actors": {"n_hits": 3, "n_found": 2, "n_documents": 2, "n_sentences": 2}}
    assert used["share_of_sentences"].tolist() == pytest.approx([3 / 10, 2 / 10])
    none = resources_used(EURASIA, documents=documents.assign(scored=False), frame_hits=hits.iloc[:0], actors=mentions.iloc[:0])
    assert none["n_hits"].tolist() == [0, 0] and none["share_of_sentences"].isna().all()  # no English sentence: no share, not 0


def test_resources_used_names_the_missing_column():
    with pytest.raises(ValueError, match="resources_used: frame_hits"):
        resources_used(EURASIA, documents=pd.DataFrame({"doc_id": [], "scored": [], "n_sentences": []}),
                       frame_hits=pd.DataFrame({"doc_id": []}), actors=pd.DataFrame({"doc_id": [], "sent_id": [], "actor": []}))


@pytest.mark.parametrize(
    "used, corpus, expected",
    [
        (_used(SCHEME_FIT_SHARE - 0.01), "/data/news", "python -m analysis report --corpus /data/news --scheme generic"),
        (_used(SCHEME_FIT_SHARE), "/data/news", None),  # a third: the scheme fits
        (_used(0.8), "/data/news", None),
        (_used(float("nan")), "/data/news", None),  # no English sentence: nothing to judge by
        (_used(0.05, name="generic"), "/data/news", None),  # only the eurasia scheme is judged
        (_used(0.05, name="/data/my frames.yml"), "/data/news", None),
        (_used(0.05, name="eurasia:model", method="model"), "/data/news", "python -m analysis report --corpus /data/news --scheme generic:model"),
        (_used(0.05, actors="/data/clubs list.csv"), "/d", "python -m analysis report --corpus /d --scheme generic --actors '/data/clubs list.csv'"),
        (_used(0.05), '["/data/a b.csv", "/data/c.csv"]', "python -m analysis report --corpus '/data/a b.csv' /data/c.csv --scheme generic"),
        (_used(0.05), "<DataFrame>", 'analysis.report.run_suite(corpus=frame, out="reports", frames="generic")'),
    ],
)
def test_suggest_scheme_only_where_eurasia_finds_frames_in_under_a_third_of_the_sentences(used, corpus, expected):
    assert suggest_scheme(used, corpus=corpus) == expected


def test_resources_note_names_both_lists_their_hits_and_the_command_escaped():
    note = str(resources_note(_used(0.1, actors="/lists/<clubs>.csv"), corpus="/data/<news>"))
    assert "the eurasia dictionary found 5 keyword hits of 2 frames in 4 English sentences (10% of the English sentences), in 2 documents" in note
    assert "the actor list &lt;clubs&gt;.csv found 2 mentions of 1 actor in 2 English sentences" in note
    assert "<pre>python -m analysis report --corpus &#x27;/data/&lt;news&gt;&#x27; --scheme generic --actors &#x27;/lists/&lt;clubs&gt;.csv&#x27;</pre>" in note
    assert "<pre>" not in str(resources_note(_used(0.1), corpus="/d", suggest=False))  # a document's or an actor's report: figures only
    unscored = str(resources_note(_used(float("nan")).assign(share_of_sentences=float("nan")), corpus="/d"))
    assert "the eurasia frame scheme, not looked for: there is no English sentence" in unscored and "found" not in unscored
    assert "the shipped actor list, not looked for" in unscored
    assert "<pre>" not in str(resources_note(_used(0.6), corpus="/d"))
    assert "the learned eurasia frame model (combined) found 5 hits of 2 frames" in str(resources_note(_used(0.6, name="eurasia:combined", method="combined"), corpus="/d"))
