"""Readers' pages: the article list, and an article with its thread and comment form."""

from collections.abc import Callable
from functools import partial

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import bindparam, select
from werkzeug.wrappers import Response

from ..comments import discussion, own_comments, page_parts, speakers
from ..comments import drafts as comment_drafts
from ..comments import pages as comment_pages
from ..comments import posting as commenting
from ..comments.forms import CommentForm
from ..comments.second_look import Look
from ..comments.threads import Node, build_thread
from ..extensions import db
from ..http import caching, freshness
from ..http.bounds import query_number
from ..models import Article, Comment, CommentStatus, SlugRedirect, utcnow
from . import publishing, shared_page
from .listing import list_page
from .related import related_articles

bp = Blueprint("public", __name__)


# Built once: every article page and every post looks its article up by slug. The public
# mark comes with it, so the discussion settings kept by it cost no query of their own.
_PUBLIC_BY_SLUG = select(Article, freshness.mark_column()).where(
    Article.slug == bindparam("slug"), publishing.is_public_clause(now=bindparam("now"))
)


def get_article(slug: str) -> Article:
    """Return the public article with this slug, or answer 404 (drafts and scheduled too).

    A slug the article had before answers 301 to its address now, if it is public.
    """
    found = db.session.execute(_PUBLIC_BY_SLUG, {"slug": slug, "now": utcnow()}).first()
    if found is None:
        abort(moved_article(slug) or 404)
    article, mark = found
    freshness.seen(mark)
    return article


def moved_article(slug: str) -> Response | None:
    """Return a redirect from an old slug to the same page at the article's current slug."""
    article = db.session.scalar(
        select(Article)
        .join(SlugRedirect, SlugRedirect.article_id == Article.id)
        .where(SlugRedirect.old_slug == slug, publishing.is_public_clause())
    )
    if article is None:
        return None
    target = url_for(request.endpoint, **{**request.view_args, "slug": article.slug})
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    # 308 keeps a comment being posted to an old address a POST; pages move for good (301).
    return redirect(target, code=301 if request.method in ("GET", "HEAD") else 308)


@bp.get("/", defaults={"number": 1})
@bp.get("/page/<int:number>/")
# ?p= and ?page_id= are answered before the view (cms/wxr/redirects.py), never cached as it.
@caching.public_page(reads=("p", "page_id"))
def index(number: int) -> str:
    """List the public posts newest first, a page at a time (/page/1/ redirects to /)."""
    listing = list_page(publishing.front_page_posts(), number, "public.index")
    return render_template("public/index.html", listing=listing)


def show_article(
    article: Article,
    form: CommentForm,
    status: int = 200,
    number: int | None = None,
    preview: Comment | None = None,
    second_look: Look | None = None,
) -> tuple[str, int]:
    """Render an article with one page of the comments this reader may see, and the form;
    ``preview`` is a comment not posted yet, shown above the form as it will look."""
    asked = number
    reply_id = form.comment_parent.data or query_number("replytocom")
    reply_to = commenting.approved_parent(article, reply_id) if reply_id else None
    # A form sent back for correction must not keep pointing at a parent it cannot answer.
    form.comment_parent.data = reply_to.id if reply_to else 0
    shared = caching.is_shared()
    # The pending comments this visitor may preview, in the thread (none on a shared page).
    own = [] if shared else commenting.own_pending_ids()
    # The shared page itself, or a copy with more of this visitor in it than their pending
    # comments and the form.
    whole = shared or not shared_page.only_own_parts_differ()
    # Counting the thread's pages is needed for a page asked by number, a reply, a preview,
    # a thread with the visitor's comments, and the whole page; a form sent back in the
    # shared page's slot needs none of it.
    layout = None
    if whole or own or number is not None or reply_to or preview is not None:
        layout = comment_pages.paging_for(article)
        if number is None:
            # A form sent back while answering a comment opens on that comment's page.
            number = comment_pages.page_of(layout, reply_to) if reply_to else layout.default
        elif not 1 <= number <= layout.pages:
            abort(404)
    # A fresh token for every response, filled in as it leaves (the page may be cached).
    form.csrf_token.data = page_parts.FORM_TOKEN.mark(article.id)
    rules = discussion.load()
    # What public/_respond.html shows: the only part that may be this visitor's own.
    own_part = {
        "article": article,
        "form": form,
        "reply_to": reply_to,
        "comments_open": discussion.comments_open(article),
        "preview": [Node(preview, 1)] if preview is not None else [],
        "held_first": rules.manual_approval,
        "second_look": second_look,
        "paging": layout,
        "page_number": number,
        # Read here, never by the template: the shared page rendered for a visitor has none.
        "remembered": bool(request.cookies.get(commenting.COMMENTER_COOKIE)),
        "forget_token": page_parts.FORGET_TOKEN.mark(),
    }
    if whole:
        return _whole_page(own_part, rules, own), status

    def render_shared(marked: bool = False) -> str:
        anonymous = {
            "form": _shared_form(article, reply_to),
            "preview": [],
            "second_look": None,
            "remembered": False,
        }
        if layout is None:
            paging = comment_pages.paging_for(article)
            anonymous.update(paging=paging, page_number=paging.default)
        return _whole_page({**own_part, **anonymous}, rules, [], marked)

    path, query = shared_page.shared_key(article.slug, asked, reply_to.id if reply_to else None)
    render_own = partial(render_template, "public/_respond.html", **own_part)
    if own:
        html = _with_own_thread(own_part, rules, own, (path, query), render_shared, render_own)
        return (html or _whole_page(own_part, rules, own)), status
    # A form as the page first shows it: the same for every such visitor but for what their
    # cookie remembers, so it is rendered once with markers there and kept (shared_page.py).
    untouched = getattr(form, "untouched", False) and not (preview or second_look or form.errors)
    if untouched:
        for field in commenting.COMMENTER_FIELDS:
            form[field].data = page_parts.REMEMBERED.mark(field)
    html = shared_page.with_own_part(
        path,
        query,
        render_shared,
        render_own,
        own_part["remembered"] if untouched and status == 200 else None,
    )
    return html, status


def _listed(article: Article, rules: discussion.Discussion, shown: list, own: list[int]) -> dict:
    """Return what public/_thread.html needs to show these comments to this visitor; ``own``
    are the ids of the pending comments they may preview."""
    return {
        "thread": _thread_of(shown, rules),
        "badges": speakers.badges(article, shown),
        "own_links": {
            c.id: own_comments.link_for(c)
            for c in shown
            if c.id in own and c.status == CommentStatus.PENDING
        },
        "max_depth": _depth(rules),
        "moderation_promise": rules.moderation_promise,
    }


def _depth(rules: discussion.Discussion) -> int:
    """Return how deep replies nest: one level when threading is off."""
    return rules.thread_depth if rules.threading else 1


def _thread_of(shown: list, rules: discussion.Discussion) -> list[Node]:
    """Nest comments (or their places) shown on a page as the settings say."""
    return build_thread(shown, _depth(rules), newest_first=rules.order == "newest")


def _whole_page(
    own_part: dict, rules: discussion.Discussion, own: list[int], marked: bool = False
) -> str:
    """Render the whole article page around its own part; ``own`` are the ids of the pending
    comments this visitor may preview; ``marked`` marks the thread for shared_page.py."""
    article, layout = own_part["article"], own_part["paging"]
    shown = comment_pages.page_comments(layout, own_part["page_number"], own)
    return render_template(
        "public/article.html",
        **own_part,
        **_listed(article, rules, shown, own),
        related=related_articles(article),
        form_slot=page_parts.SLOT_MARKS,
        thread_slot=page_parts.THREAD_SLOT if marked else ("", ""),
        thread_marks=page_parts.ThreadMarks(shared=True) if marked else None,
    )


def _ids(node: Node) -> list[int]:
    """Return the ids of a node's comment and of every comment under it."""
    return [node.comment.id, *(i for child in node.children for i in _ids(child))]


def _with_own_thread(
    own_part: dict,
    rules: discussion.Discussion,
    own: list[int],
    key: tuple[str, bytes],
    render_shared: Callable[[bool], str],
    render_own: Callable[[], str],
) -> str | None:
    """Return the shared page with this visitor's pending comments in its thread and their
    part in the form's slot: only the threads holding their comments rendered, or None."""
    article, layout = own_part["article"], own_part["paging"]
    # The page laid out from where each comment stands, none of them loaded whole.
    places = comment_pages.page_comments(layout, own_part["page_number"], own, comment_pages.PLACE)
    thread = _thread_of(places, rules)
    mine = {c.id for c in places if c.id in own and c.status == CommentStatus.PENDING}
    tops = [node.comment.id for node in thread if node.comment.id not in mine]
    under = {node.comment.id: _ids(node) for node in thread}
    changed = {top: ids for top, ids in under.items() if not mine.isdisjoint(ids)}
    # Only the threads holding the visitor's comments are loaded and rendered.
    shown = comment_pages.whole([i for ids in changed.values() for i in ids])
    listed = _listed(article, rules, shown, own)
    rendered = {node.comment.id: node for node in listed["thread"]}
    if rendered.keys() != changed.keys():
        return None
    listed["thread"] = [rendered.get(node.comment.id, node) for node in thread]
    kept = page_parts.ThreadMarks(kept=frozenset(tops) - changed.keys())
    return shared_page.with_own_thread(
        *key,
        lambda: render_shared(True),
        tops,
        lambda: render_template("public/_thread.html", **own_part, **listed, thread_marks=kept),
        render_own,
    )


def _shared_form(article: Article, reply_to: Comment | None) -> CommentForm:
    """Return the form as every anonymous reader gets it: empty, its parts left to fill."""
    form = CommentForm(formdata=None)
    form.shown.data = page_parts.SHOWN_STAMP.mark()
    form.comment_parent.data = reply_to.id if reply_to else 0
    form.csrf_token.data = page_parts.FORM_TOKEN.mark(article.id)
    return form


def fresh_form() -> CommentForm:
    """Return an empty comment form, filled with what the visitor asked us to remember."""
    form = CommentForm(data=commenting.saved_commenter(request))
    form.remember.data = bool(request.cookies.get(commenting.COMMENTER_COOKIE))
    # Nothing typed, sent back or previewed yet: show_article may serve it from the cache.
    form.untouched = True
    # A fresh stamp for every response, even one served from the render cache.
    form.shown.data = page_parts.SHOWN_STAMP.mark()
    return form


def visitor_form(article: Article) -> CommentForm:
    """Return the form this visitor's last post here was sent back in, once, or a fresh one."""
    return comment_drafts.take(article.id) or fresh_form()


@bp.get("/<slug>/")
@caching.public_page(has_form=True, reads=("replytocom",))
def article(slug: str) -> tuple[str, int]:
    if (kept := shared_page.kept_copy(f"/{slug}/")) is not None:
        return kept, 200
    found = get_article(slug)
    return show_article(found, visitor_form(found))


@bp.get("/<slug>/comment-page-<int:page>/")
@caching.public_page(has_form=True, reads=("replytocom",))
def comment_page(slug: str, page: int) -> tuple[str, int]:
    """Show one page of an article's comments, at WordPress's address for it."""
    if (kept := shared_page.kept_copy(f"/{slug}/comment-page-{page}/")) is not None:
        return kept, 200
    found = get_article(slug)
    return show_article(found, visitor_form(found), number=page)
