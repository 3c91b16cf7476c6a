"""What an import says it did: counts of what came in, what was already here, what was skipped."""

from collections import Counter

from cms.wxr.import_summary import Summary


def test_a_run_that_added_things_counts_each_kind_in_a_fixed_order() -> None:
    summary = Summary(imported=Counter(posts=2, comments=1, tags=3))
    assert summary.lines() == ["Imported 2 posts, 0 pages, 1 comment, 0 categories, 3 tags."]


def test_a_run_that_added_nothing_says_everything_is_already_here() -> None:
    summary = Summary(existing=Counter(posts=4, comments=9))
    assert summary.lines() == [
        "Nothing new to import: everything in this file is already here.",
        "Already here: 4 posts, 0 pages, 9 comments, 0 categories, 0 tags.",
    ]


def test_skipped_items_are_counted_by_reason_and_rerooted_replies_explained() -> None:
    summary = Summary(
        imported=Counter(posts=1),
        skipped=Counter({"attachments": 3, "menu items": 2}),
        rerooted=2,
    )
    lines = summary.lines()
    assert lines[1] == "Skipped 5: 3 attachments; 2 menu items."
    assert lines[2].startswith("Re-rooted 2 comments whose parents went round in a circle")


def test_topics_the_posts_use_but_the_file_omits_are_named_apart() -> None:
    summary = Summary(imported=Counter({"posts": 1, "undefined tags": 2}))
    assert summary.lines()[1] == "Also added 2 tags that posts use but the file omits."
