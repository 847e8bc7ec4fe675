class ExtractError(ValueError):
    """The input cannot be read as an HTML page; the message names what is wrong."""
