"""When a kernel's start is tried again: shared by scripts/nbrun.py (the course's notebook runs)
and scripts/gradlab_nbgrader.py (nbgrader's autograde and validate).

jupyter_client chooses a kernel's ports by binding free ones and letting them go, then hands them
to the kernel. On a busy machine another process can take one in between. The kernel then cannot
listen on it and exits (the patched tslab says so on its stderr), and nbclient reports that the
kernel "died before replying to kernel_info". A kernel that never answers kernel_info within the
start-up timeout ("Kernel didn't respond in N seconds") is the same failure seen from outside.
Neither has run a line of the notebook, so starting another kernel, on new ports, changes no result.
"""

# Starts in all, the first included.
ATTEMPTS = 3

_MESSAGES = ("died before replying to kernel_info", "didn't respond in")


def failed_to_start(error):
    """True when `error` (raised while nbclient waited for a new kernel) says the kernel never came up."""
    return isinstance(error, RuntimeError) and any(m in str(error) for m in _MESSAGES)


def retrying(start, again):
    """start() again until a kernel comes up, up to ATTEMPTS calls in all; returns what the call
    that worked returned. Before each new call, again(error, attempt) (attempt: the number of the
    call to come) cleans up and says why. Any other error, or the last call's, is raised."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return start()
        except RuntimeError as error:
            if not failed_to_start(error) or attempt == ATTEMPTS:
                raise
            again(error, attempt + 1)


def start_new_kernel(**kwargs):
    """jupyter_client's start_new_kernel (a kernel manager and a ready client), with a kernel that
    never came up started again on new ports, up to ATTEMPTS times in all."""
    import sys

    from jupyter_client.manager import start_new_kernel as start

    def again(error, attempt):
        sys.stderr.write(f"the kernel did not start ({error}); starting another on new ports\n")
        # A file given for the kernel's stderr holds only the kernel that answered: the caller
        # reads it as that kernel's log.
        log = kwargs.get("stderr")
        if log is not None and hasattr(log, "truncate") and log.seekable():
            log.seek(0)
            log.truncate()

    return retrying(lambda: start(**kwargs), again)
