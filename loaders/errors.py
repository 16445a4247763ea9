"""loaders' exception family."""


class LoaderError(Exception):
    """Base of every error the loaders raise on purpose."""


class UnknownFormat(LoaderError):
    """A file's format cannot be told from its extension and none was given."""


class TaxonomyError(LoaderError):
    """The shipped skill taxonomy is malformed."""
