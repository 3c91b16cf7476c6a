"""Import a generated WordPress export of 10,000 posts and 200,000 comments; print the cost.

Run: .venv/bin/python bench/wxr_import.py [POSTS] [COMMENTS_PER_POST]
Prints the file size, rows stored, seconds and the process's peak RSS.
"""

import resource
import sys
import tempfile
import time
from pathlib import Path

# The checkout's top, so that cms and the tests' generator import from it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from cms import create_app  # noqa: E402
from cms.extensions import db  # noqa: E402
from cms.models import Article, Comment  # noqa: E402
from cms.wxr.importer import import_document  # noqa: E402
from cms.wxr.reader import read  # noqa: E402
from tests.wxr import test_reader_streaming as generator  # noqa: E402
from tests.wxr.test_reader_streaming import write_export  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(posts: int = 10_000, per_post: int = 20) -> None:
    generator.COMMENTS_PER_POST = per_post
    with tempfile.TemporaryDirectory() as folder:
        export = write_export(Path(folder) / "export.xml", posts)
        app = create_app(
            {
                "SECRET_KEY": "bench",
                "EMAIL_KEY": "bench",
                "DATABASE_URL": f"sqlite:///{folder}/b.db",
            }
        )
        with app.app_context():
            upgrade()
            before = peak_rss_mb()
            started = time.perf_counter()
            import_document(read(export))
            seconds = time.perf_counter() - started
            articles = db.session.scalar(select(func.count()).select_from(Article))
            comments = db.session.scalar(select(func.count()).select_from(Comment))
        size = export.stat().st_size / 1e6
        print(f"file: {size:.0f} MB, {posts} posts, {posts * per_post} comments")
        print(f"stored: {articles} articles (2 launch ones absent here), {comments} comments")
        print(f"seconds: {seconds:.0f} ({posts * per_post / seconds:.0f} comments/s)")
        print(f"peak RSS: {peak_rss_mb():.0f} MB (before the import: {before:.0f} MB)")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
