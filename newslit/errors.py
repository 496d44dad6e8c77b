"""The one exception the kit raises for problems a person can fix."""


class NewslitError(Exception):
    """A problem with input or set-up, described for the person who can fix it.

    The message is one or two plain sentences: what is wrong and what to do.
    The command line prints it on one line; widgets show it in place of a
    traceback.
    """
