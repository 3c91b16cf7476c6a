"""The search page: /search?q=, public articles ranked by the full-text index."""

from math import ceil

from flask import Blueprint, abort, current_app, render_template, request

from ..http.bounds import query_page
from ..http.caching import public_page
from .search_index import MAX_QUERY_LENGTH, search

bp = Blueprint("search", __name__)


@bp.get("/search")
@public_page(reads=("q", "page"))
def results() -> str:
    """Show the search form and, for a query, one page of ranked, highlighted results."""
    query = request.args.get("q", "")[:MAX_QUERY_LENGTH].strip()
    number = query_page()
    per_page = current_app.config["ARTICLES_PER_PAGE"]
    hits, total = search(query, number, per_page) if query else ([], 0)
    pages = max(1, ceil(total / per_page))
    if number > pages:
        abort(404)
    return render_template(
        "public/search.html", query=query, hits=hits, total=total, page=number, pages=pages
    )
