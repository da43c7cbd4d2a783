"""What keeps a cluster's warm crawler actors apart: a namespace per deployment, a fingerprint per build.

With `[run] ray_keep_warm_seconds` above 0 on a joined cluster, a run's crawler actors are named,
detached Ray actors that outlive it, so that the next cron run finds them started (on a joined
2-CPU cluster here, new actors cost a run ~2 s before they answered: a worker process starting
Python and importing Ray). Such actors must never serve what they were not built for:

- another deployment sharing the cluster: each deployment (its store: the PostgreSQL URL or the
  SQLite file's absolute path) gets a Ray namespace of its own, and names are looked up only there;
- other code or settings: the actor's name carries a fingerprint of everything the actor holds from
  its creation (the scraper's source files, Ray's and Python's versions, its log level and keep-warm
  time); a run that finds actors under another fingerprint kills them and starts its own.

What a crawler does in a run (fetch and extract settings, its share of the origins) arrives with
each run's plan, so a configuration change needs no new actors.

No Ray here: the driver computes these before Ray is imported.
"""

from __future__ import annotations

import hashlib
import platform
from importlib.metadata import version
from pathlib import Path

import scraper

NAMESPACE_PREFIX = "scraper-"
CRAWLER_PREFIX = "crawler-"
"""Every warm crawler's name starts with this, then its fingerprint, then its number in the run."""

DIGEST_CHARACTERS = 16
"""Hex digits kept of a SHA-256: 64 bits, no collision between a cluster's deployments or builds."""


def deployment_namespace(store_location: str) -> str:
    """The Ray namespace of the deployment whose store is at `store_location`."""
    return NAMESPACE_PREFIX + _digest(store_location.encode())


def source_digest() -> str:
    """A digest of the scraper package's source files: any edit or upgrade changes it (the package's
    version alone does not, on an editable install). Measured: 14 ms for its 121 files."""
    package = Path(scraper.__file__).parent
    hasher = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        hasher.update(str(path.relative_to(package)).encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def crawler_prefix(*, log_level: int, keep_warm_seconds: float) -> str:
    """The start of the names of the crawler actors this build and these settings make."""
    held = f"{source_digest()} ray {version('ray')} python {platform.python_version()} {log_level} {keep_warm_seconds}"
    return f"{CRAWLER_PREFIX}{_digest(held.encode())}-"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:DIGEST_CHARACTERS]
