"""Whole-page cache for anonymous readers of public pages.

A cached page is keyed by the content version, the current minute in Europe/Berlin, the
language and the full path. So a staff edit shows on the next request (the version changes),
"jetzt geöffnet" and publishing windows are right to the minute, and nobody with a session
(staff, or a resident in the middle of a form) ever gets or leaves a cached page.

Views say which pages may be cached (`public_page`); `CachedPageMiddleware`, near the top of
the middleware, keeps the whole answer as the rest of the middleware made it (security
policy, frame and permissions headers) and serves it before that middleware runs again: a
cached hit costs less than the smallest page that goes through all of it. An answer that
sets a cookie (a CSRF token, a session, a message read) is never kept.

The version lives in the shared default cache (every worker sees an edit at once); the pages
themselves in the "pages" cache, per process unless Redis is configured. With Redis, each
process also keeps the pages it served last beside it (see `_LocalPages`): a hit then costs no
network round trip, and since the key holds the version and the minute, the copy is never
staler than the shared page.
"""

import functools
import hashlib
import pickle
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils import translation

VERSION_KEY = "page-cache:version"


# Each process looks at the shared version at most once a second: a cached hit stays free of
# queries, and another worker's edit shows within that second (this process's own at once).
VERSION_RECHECK_SECONDS = 1.0
_seen = {"version": 0, "at": float("-inf")}


def content_version() -> int:
    now = time.time()
    if now - _seen["at"] >= VERSION_RECHECK_SECONDS or now < _seen["at"]:
        _seen["version"] = cache.get(VERSION_KEY, 0)
        _seen["at"] = now
    return _seen["version"]


def forget_version() -> None:
    """Look at the shared version on the next request (tests that count queries)."""
    _seen["at"] = float("-inf")


def content_changed(**kwargs) -> None:
    """Make every cached page stale. Connected to post_save/post_delete of the content models
    (settings.PAGE_CACHE_CONTENT_MODELS); a service that changes what readers see some other
    way (QuerySet.update(), a grant that lowers the public remaining budget) calls it itself."""
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:
        version = _seen["version"] + 1
        cache.set(VERSION_KEY, version, timeout=None)
    _seen["version"] = version
    _seen["at"] = time.time()


class _LocalPages:
    """The last pages this process served from a shared pages cache, as pickles (every hit
    gets a response object of its own, as from the shared cache)."""

    SIZE = 200

    def __init__(self):
        self._pages: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            data = self._pages.get(key)
            if data is None:
                return None
            self._pages.move_to_end(key)
        return pickle.loads(data)  # noqa: S301 - pickled by this process

    def put(self, key: str, response) -> None:
        data = pickle.dumps(response, pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._pages[key] = data
            while len(self._pages) > self.SIZE:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


_local_pages = _LocalPages()


def forget_pages() -> None:
    """Drop this process's copies of shared pages and what it learned of addresses (tests
    start from an empty cache)."""
    _local_pages.clear()
    _not_public.clear()


class _NotPublicPaths:
    """Addresses this process has seen answered by a view that is no public page (a form, a
    booking step, an unknown address): the next request there skips the cache lookup, which
    with Redis would be a round trip for nothing. Bounded, the oldest forgotten first; a
    deployment starts empty, so a view that becomes a public page is looked up again."""

    SIZE = 5000

    def __init__(self):
        self._paths: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, path: str) -> bool:
        return path in self._paths

    def add(self, path: str) -> None:
        with self._lock:
            self._paths[path] = None
            while len(self._paths) > self.SIZE:
                self._paths.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._paths.clear()


_not_public = _NotPublicPaths()


def _pages_are_shared() -> bool:
    return not isinstance(caches["pages"], LocMemCache)


def _cacheable_request(request) -> bool:
    if request.method not in {"GET", "HEAD"} or not settings.PAGE_CACHE_SECONDS:
        return False
    # Any session, CSRF or message cookie means someone who may see a personal page: bypass.
    return not (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or settings.CSRF_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
    )


def _cacheable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "no-store" not in response.get("Cache-Control", "")
        # A nonce is for one answer only: a page whose script needs one is made each time.
        and "'nonce-" not in response.get("Content-Security-Policy", "")
    )


def _key(request) -> str:
    # Europe/Berlin is a whole number of hours off UTC: its minutes start with UTC's.
    minute = int(time.time() // 60)
    # German has no prefix; the language of a public page is the one in its address alone.
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{content_version()}:{minute}:{language}:{path}"


def public_page(view):
    """Lets `CachedPageMiddleware` keep this view's answers for anonymous readers."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request.public_page = True
        return view(request, *args, **kwargs)

    return wrapper


class CachedPageMiddleware:
    """Serves and keeps the pages of `public_page` views (see module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request) or request.path_info in _not_public:
            return self.get_response(request)
        key = _key(request)
        pages = caches["pages"]
        shared = _pages_are_shared()
        cached = _local_pages.get(key) if shared else None
        if cached is not None:
            return cached
        cached = pages.get(key)
        if cached is not None:
            if shared:
                _local_pages.put(key, cached)
            return cached
        response = self.get_response(request)
        if not getattr(request, "public_page", False):
            _not_public.add(request.path_info)
        elif _cacheable_response(response):
            # One chunk: the feed generator writes thousands of small pieces, and gunicorn
            # would send each of them on its own on every cached hit.
            response.content = response.content
            pages.set(key, response, timeout=settings.PAGE_CACHE_SECONDS)
            if shared:
                _local_pages.put(key, response)
        return response


def content_model_changed(sender, **kwargs) -> None:
    """Only the models readers see count: a draft step, an appointment request or a staff
    login leaves every cached page alone."""
    if sender._meta.label in settings.PAGE_CACHE_CONTENT_MODELS:
        content_changed()
