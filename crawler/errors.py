class CrawlError(ValueError):
    """Bad crawl input (a start URL, a site name, a WARC file, raw.db, Redis); the CLI
    prints it as one line."""
