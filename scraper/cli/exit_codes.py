"""Exit codes of the `scraper` command, documented in the README."""

OK = 0
"""Everything asked for was done."""

FAILED = 1
"""The run itself failed: the store is unusable or an unexpected error occurred."""

USAGE = 2
"""Bad arguments, an unreadable input file, or an invalid configuration."""

FETCH_FAILED = 3
"""A page could not be fetched (network, HTTP status, robots.txt, limits)."""

NO_CONTENT = 4
"""A document held no article text."""

PARTIAL = 5
"""`scraper run` finished, but some pages failed."""

LOCKED = 6
"""Another `scraper run` holds the lock; this one did nothing."""

INTERRUPTED = 130
"""Stopped by SIGINT/SIGTERM after saving the work already done."""
