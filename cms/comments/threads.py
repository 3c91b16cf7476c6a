"""Arrange one query's worth of comments into the nested thread a reader sees."""

from dataclasses import dataclass, field

from ..models import Comment


@dataclass
class Node:
    comment: Comment
    depth: int
    children: list["Node"] = field(default_factory=list)
    # The node this one is shown under (None at the top level): always an older node.
    above: "Node | None" = field(default=None, repr=False, compare=False)


def build_thread(comments: list[Comment], max_depth: int, newest_first: bool = False) -> list[Node]:
    """Nest comments (given oldest first) under their parents, never deeper than ``max_depth``.

    A reply to a comment already at the limit is shown beside it, at the deepest level, as
    WordPress does. A reply whose parent is not shown is lifted to the top level. With
    ``max_depth`` 1 the list is flat. ``newest_first`` turns the top level round; replies
    stay oldest first under their parent, as in WordPress.

    Only a comment already placed (an older one) can be a parent, and the walk to a shallower
    level follows where nodes were placed, not their stored parent ids, so a stored cycle
    (a comment that is its own parent, or two that answer each other) cannot loop: the
    comment that closes it is shown at the top level.
    """
    nodes: dict[int, Node] = {}
    roots: list[Node] = []
    for comment in comments:
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        while parent is not None and parent.depth >= max_depth:
            parent = parent.above
        node = Node(comment, parent.depth + 1 if parent else 1, above=parent)
        (parent.children if parent else roots).append(node)
        nodes[comment.id] = node
    return roots[::-1] if newest_first else roots
