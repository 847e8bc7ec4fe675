class CrawlError(ValueError):
    """Bad crawl input (a start URL, a site name, a WARC file); the CLI prints one line."""
