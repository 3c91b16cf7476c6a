"""Who is speaking in a thread: staff replies carry their role, and the article's own author
"Author", as WordPress marks bypostauthor, so a reader knows an answer is the site's."""

from collections.abc import Iterable

from sqlalchemy import select

from ..extensions import db
from ..models import Article, Comment, User

AUTHOR = "Author"


def badges(article: Article, comments: Iterable[Comment]) -> dict[int, str]:
    """Return the badge of each comment staff wrote, by comment id, in one query."""
    writers = {c.id: c.user_id for c in comments if c.user_id is not None}
    if not writers:
        return {}
    query = select(User.id, User.role).where(User.id.in_(set(writers.values())))
    roles = {user_id: role for user_id, role in db.session.execute(query)}
    found = {}
    for comment_id, user_id in writers.items():
        if user_id == article.author_id:
            found[comment_id] = AUTHOR
        elif user_id in roles:
            found[comment_id] = roles[user_id].value.title()
    return found
