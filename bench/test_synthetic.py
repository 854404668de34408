"""bench/synthetic.py: distinct, deterministic articles made of the source's paragraphs; a corpus of n is a prefix of a larger one."""

import pandas as pd
import pytest
import synthetic


@pytest.fixture
def source(tmp_path):
    """A tiny BBC-shaped CSV: two categories of three articles, four paragraphs each (one paragraph repeated)."""
    rows = []
    for category in ("sport", "tech"):
        for article in range(3):
            paragraphs = [f"{category} article {article} paragraph {p} has a few words." for p in range(4)]
            if article == 2:
                paragraphs[3] = f"{category} article 0 paragraph 0 has a few words."  # an exact repeat
            rows.append({"doc_id": f"{category}/{article}", "category": category, "title": f"{category} {article}",
                         "text": "\n\n".join(paragraphs)})
    path = tmp_path / "source.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_pool_holds_every_distinct_paragraph_once_with_its_category(source):
    pool = synthetic.paragraph_pool(source)
    assert len(pool) == 2 * (3 * 4 - 1)
    assert not pool["paragraph"].duplicated().any()
    assert all(p.startswith(c) for c, p in pool[["category", "paragraph"]].itertuples(index=False))


def test_articles_are_distinct_and_made_of_one_categorys_paragraphs(source):
    pool = synthetic.paragraph_pool(source)
    records = list(synthetic.articles(40, pool=pool))
    assert [r["doc_id"] for r in records] == [f"synth/{i:06d}" for i in range(40)]
    assert len({r["text"] for r in records}) == 40
    by_paragraph = dict(zip(pool["paragraph"], pool["category"]))
    for record in records:
        paragraphs = record["text"].split("\n\n")
        assert synthetic.MIN_PARAGRAPHS <= len(paragraphs) <= synthetic.MAX_PARAGRAPHS
        assert len(set(paragraphs)) == len(paragraphs)
        assert {by_paragraph[p] for p in paragraphs} == {record["genre"]}
        assert record["outlet"] in synthetic.OUTLETS


def test_written_corpus_is_deterministic_and_a_prefix_of_a_larger_one(source, tmp_path):
    pool = synthetic.paragraph_pool(source)
    small = synthetic.write_corpus(30, tmp_path / "a.parquet", pool=pool)
    again = synthetic.write_corpus(30, tmp_path / "b.parquet", pool=pool)
    larger = synthetic.write_corpus(33, tmp_path / "c.parquet", pool=pool)
    a, b, c = (pd.read_parquet(tmp_path / f"{name}.parquet") for name in "abc")
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c.head(30))
    assert small == again and small["documents"] == 30 and larger["documents"] == 33
    assert small["words"] == sum(len(t.split()) for t in a["text"])
    assert list(a.columns) == ["doc_id", "title", "text", "date", "outlet", "genre"]
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.parametrize("n, path, message", [(0, "x.parquet", "positive whole number"), (5, "x.csv", "must end in .parquet")])
def test_bad_arguments_are_refused(source, tmp_path, n, path, message):
    with pytest.raises(ValueError, match=message):
        synthetic.write_corpus(n, tmp_path / path, pool=synthetic.paragraph_pool(source))


def test_a_missing_source_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="absent.csv"):
        synthetic.paragraph_pool(tmp_path / "absent.csv")
