class KinhnghiemError(Exception):
    """A problem with the user's input or environment; the CLI prints it as one line."""


class NotYetImplemented(KinhnghiemError):
    """A designed command whose implementation has not landed yet."""
