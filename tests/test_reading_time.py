"""Reading time: words counted as a reader reads them, shown in the learning goals and the teaching tables."""

from __future__ import annotations

from relationel_velfaerd import reading_time

PAGE = """---
title: Et kapitel med mange ord i titlen
description: Front matter tæller ikke.
---

# Overskrift {#overskrift}

???+ info laeringsmaal "Læringsmål"

    Efter kapitlet kan du

    - forklare noget

Se [Værdiskiftet](vaerdiskiftet.md#tillid) og Hansen [@hansen2011bog, s. 12].

```python
kode = "tæller ikke"
```

<!-- en kommentar tæller ikke -->
\\bibliography
"""


def test_only_the_words_a_reader_reads_count() -> None:
    # Overskrift | Læringsmål box: Efter kapitlet kan du forklare noget | Se Værdiskiftet og Hansen
    assert reading_time.words(PAGE) == 1 + 6 + 4


def test_minutes_round_up_at_200_words_a_minute() -> None:
    assert [reading_time.minutes(n) for n in (0, 200, 201, 2804)] == [1, 1, 2, 15]


def test_the_learning_goals_box_opens_with_the_reading_time() -> None:
    body = PAGE.split("---\n", 2)[2]
    shown = reading_time.with_reading_time(body, 2804)
    expected = '"Læringsmål"\n\n    *Læsetid: ca. 15 minutter (2.804 ord).*\n\n    Efter kapitlet'
    assert expected in shown
    assert reading_time.with_reading_time("# Uden mål\n", 100) == "# Uden mål\n"


def test_a_placeholder_gives_another_page_s_time_and_an_unknown_page_is_named_with_its_line() -> None:
    source = "---\ntitle: U\n---\n\n| Kapitel | Tid |\n| A | \\laesetid{kapitler/a.md} |\n| B | \\laesetid{b.md} |\n"
    text, problems = reading_time.expand(source, {"kapitler/a.md": 2400}, "docs/undervisning.md", source)
    assert "| A | ca. 12 min. |" in text
    assert problems == [
        "docs/undervisning.md:7: \\laesetid{b.md} names no page; write the page's path inside docs/, "
        "e.g. \\laesetid{kapitler/metodeskiftet.md}"
    ]
