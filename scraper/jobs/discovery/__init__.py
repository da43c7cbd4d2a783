"""Discovery for `scraper run`: reading the configured sources and the fetcher used to read them."""
