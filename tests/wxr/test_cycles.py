"""Finding the replies of an import whose parents go round in a circle: one breaker per cycle."""

import pytest

from cms.wxr.cycles import cycle_breakers

# reply -> parent, as the importer links them by id; and the lowest id of each cycle.
CASES = {
    "no replies": ({}, []),
    "a plain thread": ({2: 1, 3: 2, 4: 1}, []),
    "its own parent": ({5: 5}, [5]),
    "a pair": ({7: 8, 8: 7}, [7]),
    "a ring of three, lowest in the middle": ({9: 3, 3: 6, 6: 9}, [3]),
    "a thread hanging from a cycle": ({2: 3, 3: 2, 4: 2, 5: 4}, [2]),
    "two cycles and a thread": ({1: 2, 2: 1, 10: 11, 11: 12, 12: 10, 20: 1}, [1, 10]),
    "a reply to a comment not in the file": ({4: 99, 5: 4}, []),
}


@pytest.mark.parametrize(("links", "breakers"), CASES.values(), ids=CASES.keys())
def test_one_comment_of_each_cycle_is_named_its_lowest_id(
    links: dict[int, int], breakers: list[int]
) -> None:
    assert sorted(cycle_breakers(links)) == breakers


def test_cutting_the_named_comments_loose_leaves_every_thread_with_a_top() -> None:
    links = {1: 2, 2: 3, 3: 1, 4: 3, 5: 5, 6: 4}
    for breaker in cycle_breakers(links):
        del links[breaker]
    for start in links:
        seen, node = set(), start
        while node in links:
            assert node not in seen, f"comment {start} still goes round"
            seen.add(node)
            node = links[node]


def test_a_long_chain_is_walked_without_recursion_or_a_quadratic_cost() -> None:
    # 200,000 replies in one line, the last answering the first: one cycle, found once.
    count = 200_000
    links = {n: n + 1 for n in range(1, count)} | {count: 1}
    assert cycle_breakers(links) == [1]
