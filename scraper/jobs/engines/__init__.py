"""The crawler side of `scraper run`: crawlers that fetch and extract their shares of the origins.

Kept empty on purpose: crawler and extraction processes import `engines.crawler` or
`engines.extracting` directly, and loading this package must not import anything else.
"""
