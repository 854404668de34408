"""Tests for analysis.cleaning: every rule with lines it must and must not remove."""

from __future__ import annotations

import pytest

from analysis.cleaning import TITLE_REPEAT_WINDOW, clean_text, load_cleaning_rules

HEADLINE = "Baku and Astana sign a transit deal"
BODY = [
    "Azerbaijan and Kazakhstan signed a transit agreement on Friday.",
    "The deal covers ports on both shores of the Caspian Sea.",
    "Officials said cargo volumes could double within five years.",
    "Analysts in Astana welcomed the news.",
    "The next round of talks is planned for the spring.",
    "Both ministers thanked their teams for the work.",
]


def _article(line: str) -> str:
    """The headline, three body lines, *line*, then three more: *line* is neither in the head nor the tail."""
    return "\n".join([HEADLINE, *BODY[:3], line, *BODY[3:]])


def _rules_of(text: str) -> list[tuple[int, str]]:
    return [(r["line_no"], r["rule"]) for r in clean_text(text).removed]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Photo: iStock", "photo_credit"),
        ("Photo credit: Reuters", "photo_credit"),
        ("Photos by: Asif Aydinli", "photo_credit"),
        ("Image: AZERTAC", "photo_credit"),
        ("Source: Azertag", "source_line"),
        ("Image source: Wikimedia Commons", "source_line"),
        ("Home > Politial Affairs > Asia > Kazakhstan", "breadcrumb"),
        ("Home » News", "breadcrumb"),
        ("Main / Politics", "breadcrumb"),
        ("+ ↺ − 16 px", "font_size_widget"),
        ("+ ↺ −", "font_size_widget"),
        ("A- A+", "font_size_widget"),
        ("Font size", "font_size_widget"),
        ("By Asif Aydinli", "byline"),
        ("Share this article", "share_widget"),
        ("Facebook | Twitter | WhatsApp", "share_widget"),
        ("Advertisement", "page_furniture"),
        ("Tags: Azerbaijan, Kazakhstan, Middle Corridor", "page_furniture"),
        ("© 2025 News.Az. All rights reserved", "page_furniture"),
        ("Follow us on Telegram", "page_furniture"),
        ("date 2025-11-28 Photo: Professor Azamat Seitov", "dateline_photo"),
    ],
)
def test_debris_line_is_removed_with_its_rule(line, rule):
    text = _article(line)
    assert _rules_of(text) == [(5, rule)]
    cleaned = clean_text(text).text
    assert line not in cleaned.split("\n")
    assert cleaned == "\n".join([HEADLINE, *BODY])


@pytest.mark.parametrize(
    "line",
    [
        "The photo showed the two presidents shaking hands in Baku.",
        "Photographs of the summit were released on Friday.",
        "A source close to the ministry said talks would resume.",
        "Sources say the deal is close",
        "The main source of revenue: oil, gas and transit fees.",
        "Home to most Turkic states, Central Asia is a bridge to the East.",
        "Related news of the summit spread quickly across the region.",
        "Leave a comment here, the editor wrote, and we will answer.",
        "Next, the story turns to the port of Aktau.",
        "By the end of 2025 trade should double.",
        "Print media in Kazakhstan is growing.",
        "Advertisement revenue fell by a third.",
        "Follow the money, analysts say.",
        "- How do you assess the current level of relations?",
        "– A balanced course marked by pragmatism.",
        "Kazakhstan’s President Kassym-Jomart Tokayev",
        "Friday, January 4, 2019",  # a dateline only counts in the first lines
        "News.Az",  # an outlet signature only counts in the last lines
    ],
)
def test_body_line_survives(line):
    text = _article(line)
    assert clean_text(text).removed == []
    assert clean_text(text).text == text


@pytest.mark.parametrize(
    ("rule", "first"),
    [
        ("related_links", "Related news"),
        ("related_links", "Read also:"),
        ("related_links", "You may also like"),
        ("post_navigation", "Post navigation"),
        ("post_navigation", "Previous article"),
        ("comments", "Leave a Comment"),
        ("comments", "Leave a Reply"),
        ("comments", "3 Comments"),
    ],
)
def test_footer_rules_remove_the_rest_of_the_text(rule, first):
    text = "\n".join([HEADLINE, *BODY[:3], first, "Teaser of another story about Baku.", "Leave a Reply"])
    cleaned = clean_text(text)
    assert cleaned.text == "\n".join([HEADLINE, *BODY[:3]])
    assert [(r["line_no"], r["rule"], r["line"]) for r in cleaned.removed] == [
        (5, rule, first),
        (6, rule, "Teaser of another story about Baku."),
        (7, rule, "Leave a Reply"),
    ]


def test_seed_footer_is_removed_by_the_first_footer_rule():
    # The end of seed 004: a closing Source: line, then three footer lines.
    text = "\n\n".join([HEADLINE, *BODY, "Source: NationalInterest", "Post navigation", "Leave a Comment", "Leave a Reply"])
    cleaned = clean_text(text)
    assert cleaned.text == "\n".join([HEADLINE, *BODY])
    # Blank lines count in line numbers: paragraph k is on line 2k - 1.
    assert [(r["line_no"], r["rule"]) for r in cleaned.removed] == [
        (15, "source_signature"),
        (17, "post_navigation"),
        (19, "post_navigation"),
        (21, "post_navigation"),
    ]
    assert cleaned.metadata == {"outlet": "NationalInterest"}


# -- captions and the headline ----------------------------------------------


def test_photo_credit_takes_the_caption_line_before_it():
    text = "\n".join([HEADLINE, BODY[0], "Azerbaijan and Kazakhstan", "", "Photo: iStock", BODY[1]])
    cleaned = clean_text(text)
    assert cleaned.text == "\n".join([HEADLINE, BODY[0], BODY[1]])
    assert _rules_of(text) == [(3, "photo_credit"), (5, "photo_credit")]


def test_photo_credit_leaves_a_sentence_before_it():
    text = "\n".join([HEADLINE, BODY[0], "Photo: AP", BODY[1]])
    assert _rules_of(text) == [(3, "photo_credit")]


def test_photo_credit_right_after_the_headline_leaves_the_headline():
    text = "\n".join([HEADLINE, "Photo: Reuters", *BODY])
    cleaned = clean_text(text)
    assert cleaned.text == "\n".join([HEADLINE, *BODY])
    assert _rules_of(text) == [(2, "photo_credit")]


# -- repeated title ----------------------------------------------------------


def test_repeated_title_and_the_caption_between_are_removed():
    # The head of seed 002.
    text = "\n\n".join([HEADLINE, "Kazakh political analyst Gaziz Abishev", HEADLINE, *BODY])
    cleaned = clean_text(text)
    assert cleaned.text == "\n".join([HEADLINE, *BODY])
    assert _rules_of(text) == [(3, "header_caption"), (5, "repeated_title")]


def test_repeated_title_is_matched_without_case_or_spacing():
    text = "\n".join([HEADLINE, "  " + HEADLINE.upper().replace(" ", "  "), *BODY])
    assert _rules_of(text) == [(2, "repeated_title")]


def test_body_sentence_between_title_and_its_repetition_survives():
    text = "\n".join([HEADLINE, BODY[0], HEADLINE, *BODY[1:]])
    cleaned = clean_text(text)
    assert cleaned.text == "\n".join([HEADLINE, *BODY])
    assert _rules_of(text) == [(3, "repeated_title")]


def test_title_repeated_beyond_the_window_survives():
    lines = [HEADLINE, *BODY[: TITLE_REPEAT_WINDOW], HEADLINE]
    assert len(lines) == TITLE_REPEAT_WINDOW + 2  # the repetition is line TITLE_REPEAT_WINDOW + 1 after the first
    assert clean_text("\n".join(lines)).removed == []


# -- positions and metadata ---------------------------------------------------


@pytest.mark.parametrize(
    ("dateline", "date"),
    [
        ("Friday, January 4, 2019", "January 4, 2019"),
        ("November 28, 2025", "November 28, 2025"),
        ("28 Nov 2025, 14:35", "28 Nov 2025"),
        ("Sept. 4, 2019", "Sept. 4, 2019"),
        ("2025-11-28", "2025-11-28"),
    ],
)
def test_dateline_in_the_head_is_removed_and_its_date_kept(dateline, date):
    text = "\n".join([HEADLINE, dateline, *BODY])
    cleaned = clean_text(text)
    assert _rules_of(text) == [(2, "dateline")]
    assert cleaned.metadata == {"date": date}


@pytest.mark.parametrize("line", ["May 2025 was a warm month.", "On May 4, 2019 the talks began."])
def test_sentence_with_a_date_in_the_head_survives(line):
    text = "\n".join([HEADLINE, line, *BODY])
    assert clean_text(text).removed == []


def test_source_line_at_the_end_names_the_outlet_and_inside_does_not():
    text = "\n".join([HEADLINE, BODY[0], "Source: APA", *BODY[1:], "Source: Trend News Agency"])
    cleaned = clean_text(text)
    assert _rules_of(text) == [(3, "source_line"), (9, "source_signature")]
    assert cleaned.metadata == {"outlet": "Trend News Agency"}


def test_outlet_signature_and_byline_metadata():
    text = "\n".join([HEADLINE, "By Asif Aydinli", *BODY, "News.Az"])
    cleaned = clean_text(text)
    assert _rules_of(text) == [(2, "byline"), (9, "outlet_signature")]
    assert cleaned.metadata == {"author": "Asif Aydinli", "outlet": "News.Az"}


def test_first_metadata_match_wins():
    text = "\n".join([HEADLINE, "date 2025-11-28 Photo: AP", "November 30, 2025", *BODY])
    assert clean_text(text).metadata == {"date": "2025-11-28"}


def test_blank_lines_are_dropped_and_kept_lines_are_unchanged():
    text = "  Indented headline  \n\n\n" + BODY[0] + "   \n\t\n" + BODY[1]
    cleaned = clean_text(text)
    assert cleaned.text == "  Indented headline  \n" + BODY[0] + "   \n" + BODY[1]
    assert cleaned.removed == []


def test_all_debris_gives_an_empty_text():
    cleaned = clean_text("Related news\nTeaser one\nTeaser two")
    assert cleaned.text == ""
    assert [r["rule"] for r in cleaned.removed] == ["related_links"] * 3


# -- rule files ---------------------------------------------------------------


def test_packaged_rules_load_in_file_order():
    rules = load_cleaning_rules()
    names = [rule.name for rule in rules.rules]
    assert names[:3] == ["related_links", "post_navigation", "comments"]
    assert len(names) == len(set(names))
    assert (rules.head_lines, rules.tail_lines, rules.caption_max_words) == (4, 3, 12)


def test_custom_rule_file(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(
        "head_lines = 2\n[[rules]]\nname = 'editors_note'\npattern = '^Editor.s note'\n"
        "[[rules]]\nname = 'signed'\npattern = '^— (?P<author>.+)$'\nwhere = 'tail'\n",
        encoding="utf-8",
    )
    rules = load_cleaning_rules(path)
    assert rules.head_lines == 2 and rules.source == str(path)
    text = "\n".join([HEADLINE, "Editor’s note: updated", *BODY, "Photo: AP", "— Ann Lee"])
    cleaned = clean_text(text, rules)
    # Only the custom rules apply: the photo credit stays.
    assert [(r["line_no"], r["rule"]) for r in cleaned.removed] == [(2, "editors_note"), (10, "signed")]
    assert cleaned.metadata == {"author": "Ann Lee"}


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[[rules]]\nname = 'x'\npattern = 'a'\naction = 'drop'\n", r"rule 'x' has action 'drop'; valid: line, caption, rest"),
        ("[[rules]]\nname = 'x'\npattern = 'a'\nwhere = 'top'\n", r"rule 'x' has where 'top'; valid: anywhere, head, tail"),
        ("[[rules]]\nname = 'x'\npattern = '(a'\n", r"rule 'x' has an invalid pattern: missing \)"),
        ("[[rules]]\nname = 'x'\n", r"rule 1 lacks pattern"),
        ("head_lines = 4\n", r"has no \[\[rules\]\] entries"),
        ("[[rules]\n", r"is not valid TOML"),
    ],
)
def test_bad_rule_file_names_file_and_problem(tmp_path, toml, message):
    path = tmp_path / "bad.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"cleaning rules file '{path}'.*{message}"):
        load_cleaning_rules(path)


def test_missing_rule_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"cleaning rules file '.*nope\.toml' does not exist"):
        load_cleaning_rules(tmp_path / "nope.toml")
