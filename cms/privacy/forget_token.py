"""The "Forget me" form's CSRF token: bound to the remembered name's cookie, not to a session.

A session-bound token made every answer to a reader with the "save my name" cookie sign a
session cookie, so such readers could only be answered by Flask. This token needs no
session, and still stops cross-site forgery:
- It is a timestamped HMAC under SECRET_KEY, with its own salt (cms/tokens.py), of the
  comment_author cookie's value, and is checked against the cookie the post brings: another
  site can neither read the page that holds it nor make one without the key. It lasts
  WTF_CSRF_TIME_LIMIT, as the session-bound tokens of the site's other forms do.
- It holds only the time and the signature, never the name, address or website: the value
  it signs is the cookie the browser sends back with the post.
- The cookie is SameSite=Lax, so a POST another site starts comes without it, and a token
  checked against no cookie is refused; the post must also come from a page of this site
  (Origin, Sec-Fetch-Site), as the comment form's must (cms/comments/form_token.py).
  Someone who knows a reader's saved details can get a token for them by setting the same
  cookie in their own browser, but no browser sends it on that reader's behalf.
"""

from flask import current_app
from itsdangerous import BadSignature

from .. import tokens

# Its own salt (cms/tokens.py): no other signed value of the site can pass.
PURPOSE = "forget-me"


def sign(remembered: str) -> str:
    """Return the token for the "Forget me" form of a browser whose cookie holds ``remembered``."""
    value = remembered.encode()
    # The signer gives "value.time.signature"; the value is left out, since the browser
    # sends the cookie back with the post, and the page need not repeat what it holds.
    return tokens.signer(PURPOSE).sign(value)[len(value) + 1 :].decode()


def is_valid(token: str | None, remembered: str | None) -> bool:
    """Say whether ``token`` was made for this cookie's value by us, recently enough."""
    # Exactly "time.signature": a longer token would let part of a value signed for another
    # cookie stand in for it.
    if not token or not remembered or token.count(".") != 1:
        return False
    try:
        tokens.signer(PURPOSE).unsign(
            f"{remembered}.{token}".encode(), max_age=current_app.config["WTF_CSRF_TIME_LIMIT"]
        )
    except BadSignature:
        return False
    return True
