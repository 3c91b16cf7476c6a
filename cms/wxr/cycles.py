"""Find the replies of an import whose parents go round in a circle.

A WordPress export names each comment's parent by id, and nothing stops a damaged or
hand-edited file from making a comment its own parent, or two comments each other's. Such a
thread has no top, and every walk up it (which page is this on? which thread heads it?)
would never end, so the importer makes one comment of each cycle start a thread of its own.
"""

from collections.abc import Mapping

_ON_PATH, _DONE = 1, 2


def cycle_breakers(links: Mapping[int, int]) -> list[int]:
    """Return one comment id per cycle in ``links`` (reply -> parent): its lowest id."""
    state: dict[int, int] = {}
    breakers: list[int] = []
    for start in links:
        path: list[int] = []
        node = start
        # Each comment is walked once over all starts, so this is linear in len(links).
        while node in links and node not in state:
            state[node] = _ON_PATH
            path.append(node)
            node = links[node]
        if state.get(node) == _ON_PATH:
            # The walk came back onto its own path: that stretch is a cycle. Its lowest id is
            # the first of it in the file, the one that reads best as the thread's start.
            breakers.append(min(path[path.index(node) :]))
        for seen in path:
            state[seen] = _DONE
    return breakers
