"""URL normalisation, so one article reached by two links is tracked once."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref_src",
        "cmpid",
        "ocid",
    }
)
"""Query parameters that only say where a click came from, never which page it is."""

TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
"""Families of campaign parameters (Google Analytics, Piwik/Matomo)."""

DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_url(url: str, *, base: str | None = None) -> str:
    """Return the form of `url` the store keys on: tracking and fragment gone, host lowercased.

    Raises ValueError for a URL that cannot be parsed (a bad port, for example).
    """
    absolute = urljoin(base, url.strip()) if base else url.strip()
    parts = urlsplit(absolute)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    if parts.port is not None and parts.port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    # Filter the raw pairs instead of re-encoding them: servers differ on `+` vs `%20` and `a` vs `a=`.
    query = "&".join(pair for pair in parts.query.split("&") if pair and not _is_tracking(pair.split("=", 1)[0]))
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def host_of(url: str) -> str:
    """The lowercased host of a URL, for grouping failures by site."""
    return (urlsplit(url).hostname or "").lower()


def is_site_root(url: str) -> bool:
    """Whether a URL is a site's front page (a canonical link that must not merge articles)."""
    return urlsplit(url).path in ("", "/")


def _is_tracking(key: str) -> bool:
    lowered = key.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)
