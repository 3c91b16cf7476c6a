"""What every response tells the browser: keep this page to itself, and trust only this site.

A reader of an article about relapse must not have that article named to the next site
they visit (Referer), nor have any third party learn they were here (CSP, no remote
images, fonts or scripts). Cookies travel only over HTTPS when the site is served over it.
"""

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, request
from flask.wrappers import Response
from werkzeug.middleware.proxy_fix import ProxyFix

# Everything comes from the site itself. Images too: a remote image in an article would
# tell its host the reader's address and which article they opened, so an article's images
# must be uploaded to the site (a remote one shows its alt text). No 'unsafe-inline' for
# scripts or styles, so an injected <script> or style attribute does nothing.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# The site uses none of these browser features, so no page (or injected frame) may ask.
DISABLED_FEATURES = (
    "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
    "geolocation", "gyroscope", "hid", "interest-cohort", "magnetometer", "microphone",
    "midi", "payment", "publickey-credentials-get", "serial", "usb", "xr-spatial-tracking",
)  # fmt: skip

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    # Links out of the site carry no Referer, so the next site never learns the article.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    # For browsers older than CSP's frame-ancestors.
    "X-Frame-Options": "DENY",
    "Permissions-Policy": ", ".join(f"{feature}=()" for feature in DISABLED_FEATURES),
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response: Response) -> Response:
    """Give the response the site's security headers, unless a view chose its own."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if hsts := strict_transport_security():
        response.headers.setdefault("Strict-Transport-Security", hsts)
    return response


def cookies_must_be_secure() -> bool:
    """Say whether cookies set now may travel only over HTTPS."""
    config = current_app.config
    # An https SITE_URL counts too, as for HSTS: behind a TLS proxy without PROXY_FIX the
    # request looks like plain HTTP while the reader is on HTTPS.
    if config.get("PREFERRED_URL_SCHEME") == "https":
        return True
    if (config.get("SITE_URL") or "").startswith("https://"):
        return True
    # Behind a proxy, request.is_secure reflects X-Forwarded-Proto only with PROXY_FIX.
    return has_request_context() and request.is_secure


def strict_transport_security() -> str | None:
    """Return the HSTS header when the site is served over HTTPS, else None."""
    config = current_app.config
    seconds = int(config.get("HSTS_SECONDS") or 0)
    # A site on plain HTTP never sends it, so one tried on http://127.0.0.1 promises
    # browsers nothing about that host.
    https = cookies_must_be_secure()
    if seconds <= 0 or not https:
        return None
    value = f"max-age={seconds}"
    # Off by default: it would bind every other site under the same domain to HTTPS too.
    if config.get("HSTS_INCLUDE_SUBDOMAINS"):
        value += "; includeSubDomains"
    return value


# How every cookie of a visitor's is deleted: as it was set (cookie_settings).
COOKIE_SCOPE = {"httponly": True, "samesite": "Lax"}


def cookie_settings(max_age: int) -> dict[str, Any]:
    """Return how a visitor's cookie is set: out of scripts' reach, not sent with another
    site's posts, Secure when the site says so, kept ``max_age`` seconds."""
    secure = current_app.config.get("SESSION_COOKIE_SECURE", False)
    return {**COOKIE_SCOPE, "max_age": max_age, "secure": secure}


class SiteResponse(Response):
    """A response whose cookies are Secure whenever the site is served over HTTPS."""

    def set_cookie(self, key: str, *args: Any, **kwargs: Any) -> None:
        """Set a cookie as asked, adding Secure when the site is on HTTPS."""
        # One place for every cookie: the session's, Flask-Login's "remember me" and the
        # commenter's all pass through here, and each would otherwise decide on its own.
        if cookies_must_be_secure():
            kwargs["secure"] = True
        super().set_cookie(key, *args, **kwargs)


def trust_proxy(app: Flask) -> None:
    """Honour X-Forwarded-For/-Proto/-Host from PROXY_FIX proxies in front, and no others."""
    hops = int(app.config.get("PROXY_FIX") or 0)
    # Without a proxy these headers are whatever the visitor typed: trusting them would let
    # anyone choose the IP stored with their comment and dodge the rate limits.
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]


class MountPoint:
    """WSGI middleware: the app lives at SITE_URL's path, whatever a request says.

    gunicorn copies a ``SCRIPT_NAME`` request header into the environ for peers it trusts
    (loopback, where nginx is), and Flask builds every link under it; the caches key on the
    path alone, so one request could make ``/`` link to ``/evil/…`` for every reader. Here
    any script name a request brought is folded back into its path, and the mount point is
    SITE_URL's path (or none): links come from the site's settings only.
    """

    def __init__(self, inner: Any, site_url: str | None) -> None:
        self.inner = inner
        self.root = urlsplit(site_url or "").path.rstrip("/")

    def __call__(self, environ: dict, start_response: Any) -> Any:
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        environ.pop("HTTP_SCRIPT_NAME", None)
        # A proxy may pass the public path whole (/blog/x) or with the prefix cut (/x).
        if self.root and (path == self.root or path.startswith(self.root + "/")):
            path = path[len(self.root) :]
        environ["SCRIPT_NAME"], environ["PATH_INFO"] = self.root, path
        return self.inner(environ, start_response)


def fix_mount_point(app: Flask) -> None:
    """Wrap the whole app (outermost, so the fast path sees it too) in MountPoint."""
    app.wsgi_app = MountPoint(app.wsgi_app, app.config.get("SITE_URL"))  # type: ignore[method-assign]


def register(app: Flask) -> None:
    """Add the security headers, the cookie rule and the proxy setting to the app."""
    app.response_class = SiteResponse
    app.after_request(add_security_headers)
    trust_proxy(app)
