"""Read an uploaded file in a worker process, so that no file can crash or stall the caller.

A native crash in a reader, a runaway allocation or a slow file must harm only the
upload that caused it. :class:`IsolatedReader` therefore runs
:func:`calc.readers.read_data` in a fresh child process for every file:

* **Memory.** The child's address space is capped (``RLIMIT_AS``) at what it
  holds when it starts (the loaded libraries) plus ``Limits.read_memory_mb``. An allocation beyond it fails in the child: Python raises
  MemoryError, a native library aborts. Either way the caller gets a
  :class:`~calc.limits.LimitError`.
* **Time.** The caller waits at most ``Limits.read_seconds``, then kills the child.
  ``RLIMIT_CPU`` backs this up.
* **CPU share.** The child runs at a lower priority (``nice`` +10), so the server's
  other users are served first while a large file is read.
* **Native traces.** The child's stderr goes to /dev/null, so an abort prints nothing.
* **Start-up.** Children are forked from a ``forkserver`` that has already imported
  the readers (pandas, pyarrow, calamine). A read costs a fork and pickling the
  result back, not an interpreter start. The forkserver is never the server
  process itself, so forking is safe even though the server runs many threads.
* **Concurrency.** At most ``max_parallel`` files are read at once; a further read
  waits for a slot.

One :class:`IsolatedReader` serves a whole process: the app keeps it with
``st.cache_resource``, and the CLI makes one. It holds no user data.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Mapping
from typing import Any

from .errors import DataError
from .limits import LimitError, Limits
from .precheck import check_size

__all__ = ["IsolatedReader"]

_POLL_SECONDS = 0.05


def _address_space_bytes() -> int:
    """This process's address space now (libraries, thread stacks, reserved heaps); 0 if unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _child(conn, raw: bytes, filename: str, mapping, sheet, limits: Limits, nice: int) -> None:
    """Worker body: limits on, read, send ("ok", result) or ("error", DataError)."""
    import resource

    def redirect_out() -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)  # a native abort prints its trace to stderr: not to the user's terminal
        os.dup2(devnull, 1)  # and nothing may mix into the CLI's JSON on stdout

    mem = _address_space_bytes() + int(limits.read_memory_mb) * 1024 * 1024
    cpu = int(limits.read_seconds * (os.cpu_count() or 1)) + 5  # CPU seconds of all threads
    steps = (
        redirect_out,
        lambda: os.environ.__setitem__("RUST_BACKTRACE", "0"),  # an abort would spend seconds on a backtrace
        lambda: resource.setrlimit(resource.RLIMIT_CORE, (0, 0)),  # and on a core file
        lambda: os.nice(nice) if nice else None,
        lambda: resource.setrlimit(resource.RLIMIT_AS, (mem, mem)),
        lambda: resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5)),
    )
    for step in steps:
        try:
            step()
        except (OSError, ValueError):
            pass  # not available here: the caller's time limit still holds
    try:
        from .readers import read_data

        result = read_data(raw, filename=filename, mapping=mapping, sheet=sheet, limits=limits)
        payload: tuple[str, Any] = ("ok", result)
    except DataError as exc:
        payload = ("error", exc)
    except MemoryError:
        payload = ("error", LimitError("read_memory_mb", allowed=limits.read_memory_mb, file=filename))
    except BaseException as exc:  # noqa: BLE001 - the contract: only DataError reaches the caller
        payload = ("error", DataError(f"the file could not be read ({type(exc).__name__})", file=filename))
    try:
        conn.send(payload)
    except MemoryError:
        conn.send(("error", LimitError("read_memory_mb", allowed=limits.read_memory_mb, file=filename)))
    finally:
        conn.close()


class IsolatedReader:
    """Reads files with :func:`calc.readers.read_data` in a child process under :class:`Limits`.

    Parameters
    ----------
    limits
        Default :meth:`Limits.from_env`.
    max_parallel
        Files read at the same time; further reads wait for a slot.
    start_method
        ``"forkserver"`` (default; safe in a server with many threads) or ``"fork"``
        (no forkserver to start; only for a single-threaded process such as the CLI).
    nice
        Priority decrease of the child (default 10: a server's other users come
        first; 0 for the CLI, which serves nobody else).

    Examples
    --------
    >>> reader = IsolatedReader()
    >>> result = reader.read(b"Kundennummer;Umsatz\\n1;100\\n2;250\\n", filename="k.csv")
    >>> result.customers["revenue"].tolist()
    [100.0, 250.0]
    """

    def __init__(
        self, limits: Limits | None = None, *, max_parallel: int = 2, start_method: str = "forkserver",
        nice: int = 10,
    ) -> None:
        if start_method not in ("forkserver", "fork"):
            raise ValueError(f"start_method must be 'forkserver' or 'fork', not {start_method!r}")
        self.limits = limits or Limits.from_env()
        self._nice = max(0, int(nice))
        self._slots = threading.BoundedSemaphore(max(1, int(max_parallel)))
        self._ctx = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            # the readers are imported once in the forkserver; the parent's main script is not
            # run again in every child (see calc/_forkserver_init.py)
            main = sys.modules.get("__main__")
            main_file = getattr(main, "__file__", None)
            if main_file and getattr(getattr(main, "__spec__", None), "name", None) is None:
                os.environ.setdefault("SMART_ACCOUNTS_PARENT_MAIN", os.path.normpath(main_file))
            self._ctx.set_forkserver_preload(["calc._forkserver_init"])
        else:
            import calc.readers  # noqa: F401 - imported once here, inherited by every child

    def warm(self) -> None:
        """Start the forkserver now (it imports the readers, about a second) instead of at the first read."""
        if self._ctx.get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()

    def read(
        self,
        raw: bytes,
        *,
        filename: str = "upload",
        mapping: Mapping[str, str | None] | None = None,
        sheet: str | int | None = None,
    ) -> Any:
        """Read ``raw`` like :func:`calc.readers.read_data`, in a child process.

        Returns
        -------
        calc.readers.ReadResult

        Raises
        ------
        LimitError
            If the file is larger than ``upload_mb``, goes beyond the rows, columns
            or cells, or reading it takes too long or too much memory, or the child
            dies.
        DataError
            If the file cannot be used (the reader's message).
        """
        lim = self.limits
        check_size(len(raw), filename=filename, limits=lim)
        with self._slots:
            return self._run(bytes(raw), filename, dict(mapping) if mapping else None, sheet)

    def _run(self, raw: bytes, filename: str, mapping, sheet) -> Any:
        lim = self.limits
        receive, send = self._ctx.Pipe(duplex=False)
        proc = self._ctx.Process(target=_child, args=(send, raw, filename, mapping, sheet, lim, self._nice), daemon=True)
        proc.start()
        send.close()
        deadline = time.monotonic() + float(lim.read_seconds)
        message = None
        try:
            while True:
                if receive.poll(_POLL_SECONDS):
                    try:
                        message = receive.recv()
                    except (EOFError, OSError):
                        message = None
                    break
                if not proc.is_alive() and not receive.poll(0):
                    break
                if time.monotonic() > deadline:
                    raise LimitError("read_seconds", allowed=lim.read_seconds, file=filename)
        finally:
            receive.close()
            if proc.is_alive() and message is None:
                proc.kill()
            proc.join(5)
            if proc.is_alive():  # pragma: no cover - a child that ignores SIGKILL
                proc.kill()
        if message is None:
            code = proc.exitcode
            if code in (-signal.SIGXCPU, -signal.SIGKILL):
                raise LimitError("read_seconds", allowed=lim.read_seconds, file=filename)
            if code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS):
                # an allocation refused under RLIMIT_AS aborts native code
                raise LimitError("read_memory_mb", allowed=lim.read_memory_mb, file=filename)
            raise LimitError("crashed", file=filename)
        status, value = message
        if status == "ok":
            return value
        raise value
