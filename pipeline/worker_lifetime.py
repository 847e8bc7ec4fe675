"""Worker processes that die with their parent.

A SIGKILLed `build` runs no cleanup, and its pool workers, blocked reading their task
queue, would live on under PID 1 (~176 MB each). On Linux the kernel kills them at once
(prctl PR_SET_PDEATHSIG); elsewhere, and as a second line, a thread in each worker exits
it within a second of its parent's death (the parent pid changes when it is re-parented).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 1.0


def die_with_parent(parent: int) -> None:
    """Run first in a child process started by `parent` (a pool initializer)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the kernel was told
        os._exit(1)
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)
