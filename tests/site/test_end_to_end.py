from tests.support.site import HEROIN, comments_in_db


def test_comment_goes_from_pending_to_public(app, commenter, reader, editor):
    response = commenter.post(comment="My story <script>alert(1)</script>")
    assert response.status_code == 303
    comment = comments_in_db(app)[-1]
    assert response.headers["Location"].endswith(f"/{HEROIN}/#comment-{comment.id}")
    own = commenter.article().get_data(as_text=True)
    assert "Your comment is awaiting moderation." in own
    assert "My story" in own and "<script>" not in own
    assert "My story" not in reader.article().get_data(as_text=True)
    queue = editor.queue().get_data(as_text=True)
    assert "sam@example.net" in queue and "<script>" not in queue
    assert editor.act(comment.id, "approve").status_code == 302
    public = reader.article().get_data(as_text=True)
    assert "My story" in public and "sam@example.net" not in public
