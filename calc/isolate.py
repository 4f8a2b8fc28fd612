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

:class:`IsolatedRunner` does the same for any other long job, such as building an
export: it calls a pure, importable function in a child from the same forkserver,
under :class:`JobLimits` (time, memory, largest table), and raises a
:class:`JobLimitError` (worded in German and English) when a limit is reached. The
arguments (a customer frame, a model result) travel to the child pickled: pandas
pickles a frame's columns as whole buffers, so the copy costs a fraction of the
job (see ``bench/bench_hotpath.py``).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import CalcError, DataError
from .limits import ENV_PREFIX, LimitError, Limits, check_positive, positive_from_env
from .precheck import check_size

__all__ = ["IsolatedReader", "IsolatedRunner", "JobLimitError", "JobLimits"]

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


def _limit_self(memory_mb: float, seconds: float, nice: int) -> None:
    """In a fresh child: output to /dev/null, no core file, lower priority, memory and CPU capped."""
    import resource

    def redirect_out() -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)  # a native abort prints its trace to stderr: not to the user's terminal
        os.dup2(devnull, 1)  # and nothing may mix into the CLI's JSON on stdout

    mem = _address_space_bytes() + int(memory_mb) * 1024 * 1024
    cpu = int(seconds * (os.cpu_count() or 1)) + 5  # CPU seconds of all threads
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


def _supervise(proc, receive, seconds: float) -> tuple[Any, bool]:
    """Wait for the child's one message, at most ``seconds``: (message or None, timed out)."""
    deadline = time.monotonic() + float(seconds)
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
                return None, True
    finally:
        receive.close()
        if proc.is_alive() and message is None:
            proc.kill()
        proc.join(5)
        if proc.is_alive():  # pragma: no cover - a child that ignores SIGKILL
            proc.kill()
    return message, False


def _context(start_method: str):
    """The multiprocessing context; for the forkserver, its preload (one forkserver per process)."""
    if start_method not in ("forkserver", "fork"):
        raise ValueError(f"start_method must be 'forkserver' or 'fork', not {start_method!r}")
    ctx = multiprocessing.get_context(start_method)
    if start_method == "forkserver":
        # the readers and exports are imported once in the forkserver; the parent's main script
        # is not run again in every child (see calc/_forkserver_init.py)
        main = sys.modules.get("__main__")
        main_file = getattr(main, "__file__", None)
        if main_file and getattr(getattr(main, "__spec__", None), "name", None) is None:
            os.environ.setdefault("SMART_ACCOUNTS_PARENT_MAIN", os.path.normpath(main_file))
        ctx.set_forkserver_preload(["calc._forkserver_init"])
    else:
        import calc.readers  # noqa: F401 - imported once here, inherited by every child
    return ctx


def _child(conn, raw: bytes, filename: str, mapping, sheet, limits: Limits, nice: int) -> None:
    """Worker body: limits on, read, send ("ok", result) or ("error", DataError)."""
    _limit_self(limits.read_memory_mb, limits.read_seconds, nice)
    try:
        from .readers import read_data

        result = read_data(raw, filename=filename, mapping=mapping, sheet=sheet, limits=limits)
        payload: tuple[str, Any] = ("ok", result)
    except DataError as exc:
        payload = ("error", exc)
    except MemoryError:
        payload = ("error", LimitError("read_memory_mb", allowed=limits.read_memory_mb, file=filename))
    except BaseException as exc:  # noqa: BLE001 - the contract: only DataError reaches the caller
        payload = ("error", DataError(key="err_file_unreadable", values={"detail": type(exc).__name__}, file=filename))
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
        self._ctx = _context(start_method)

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
        message, timed_out = _supervise(proc, receive, lim.read_seconds)
        if timed_out:
            raise LimitError("read_seconds", allowed=lim.read_seconds, file=filename)
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


# -- any long job ------------------------------------------------------------------------------
@dataclass(frozen=True)
class JobLimits:
    """What one job in :class:`IsolatedRunner` (an export) may cost.

    Attributes
    ----------
    seconds
        Longest time one job may take (``SMART_ACCOUNTS_JOB_SECONDS``).
    memory_mb
        Memory (address space) one job may add to the worker's loaded libraries, in
        MB (``SMART_ACCOUNTS_JOB_MEMORY_MB``).
    xlsx_customers
        Most customers of the Excel model (``SMART_ACCOUNTS_XLSX_CUSTOMERS``): it
        writes one formula row per customer, about 0.2 s and 2 MB per 1,000.
    """

    seconds: float = 300.0
    memory_mb: int = 3072
    xlsx_customers: int = 200_000

    def __post_init__(self) -> None:
        check_positive(self)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> JobLimits:
        """Defaults, overridden by ``SMART_ACCOUNTS_JOB_SECONDS``, ``..._JOB_MEMORY_MB``, ``..._XLSX_CUSTOMERS``.

        >>> JobLimits.from_env({"SMART_ACCOUNTS_XLSX_CUSTOMERS": "1000"}).xlsx_customers
        1000
        """
        return cls(**positive_from_env(JOB_ENV_NAMES, environ, floats=("seconds",)))


#: JobLimits field -> environment variable.
JOB_ENV_NAMES = {
    "seconds": ENV_PREFIX + "JOB_SECONDS",
    "memory_mb": ENV_PREFIX + "JOB_MEMORY_MB",
    "xlsx_customers": ENV_PREFIX + "XLSX_CUSTOMERS",
}


class JobLimitError(DataError):
    """A job in :class:`IsolatedRunner` reached one of its :class:`JobLimits`, or its child died.

    Parameters
    ----------
    limit
        ``"seconds"``, ``"memory_mb"``, ``"xlsx_customers"`` or ``"crashed"``.
    allowed, found
        The limit and what the job had (None where not known).

    Examples
    --------
    >>> err = JobLimitError("xlsx_customers", allowed=250_000, found=1_000_000)
    >>> err.message("en")[:60]
    'The Excel model holds at most 250,000 customers; this data h'
    >>> err.message("de")[:52]
    'Das Excel-Modell fasst höchstens 250.000 Kunden; die'
    """

    def __init__(self, limit: str, *, allowed: float | None = None, found: float | None = None) -> None:
        self.limit = limit
        self.allowed = allowed
        self.found = found
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The message in ``"de"`` or ``"en"``."""
        from .texts import text

        key = "job_" + (self.limit if self.limit in ("seconds", "memory_mb", "xlsx_customers") else "crashed")
        allowed, found = (("?" if v is None else _number(v, lang)) for v in (self.allowed, self.found))
        return text(key, lang, allowed=allowed, found=found)

    def __reduce__(self):  # keyword-only fields: rebuild from them (worker -> parent)
        return (_rebuild_job, (self.limit, self.allowed, self.found))


def _rebuild_job(limit, allowed, found) -> JobLimitError:
    return JobLimitError(limit, allowed=allowed, found=found)


def _number(value: float, lang: str) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "de" else text


def _job_child(conn, func: Callable[..., Any], args: tuple, kwargs: dict, limits: JobLimits, nice: int) -> None:
    """Worker body: limits on, call, send ("ok", value) or ("error", exception)."""
    _limit_self(limits.memory_mb, limits.seconds, nice)
    try:
        payload: tuple[str, Any] = ("ok", func(*args, **kwargs))
    except MemoryError:
        payload = ("error", JobLimitError("memory_mb", allowed=limits.memory_mb))
    except CalcError as exc:  # the function's own message (DataError, AssumptionError ...)
        payload = ("error", exc)
    except BaseException as exc:  # noqa: BLE001 - anything else: the caller learns the job failed
        payload = ("error", JobLimitError("crashed", found=None, allowed=None))
        del exc
    try:
        conn.send(payload)
    except MemoryError:
        conn.send(("error", JobLimitError("memory_mb", allowed=limits.memory_mb)))
    finally:
        conn.close()


class IsolatedRunner:
    """Calls a pure function in a child process under :class:`JobLimits`: exports off the server's hot path.

    The child is forked from the same forkserver as :class:`IsolatedReader`'s (which
    has imported the readers and the exports), runs at a lower priority, and its
    memory and time are capped. The function must be importable by name (a
    module-level function of ``calc``), and its arguments and result picklable.

    Parameters
    ----------
    limits
        Default :meth:`JobLimits.from_env`.
    max_parallel
        Jobs at the same time in this process; a further job waits for a slot
        (default 1: on a small host one export at a time keeps memory bounded).
    start_method, nice
        As for :class:`IsolatedReader`.

    Examples
    --------
    >>> import operator
    >>> IsolatedRunner(start_method="fork", nice=0).run(operator.add, 2, 3)
    5
    """

    def __init__(
        self, limits: JobLimits | None = None, *, max_parallel: int = 1, start_method: str = "forkserver",
        nice: int = 10,
    ) -> None:
        self.limits = limits or JobLimits.from_env()
        self._nice = max(0, int(nice))
        self._slots = threading.BoundedSemaphore(max(1, int(max_parallel)))
        self._ctx = _context(start_method)

    def check_xlsx(self, customers: int) -> None:
        """Raise :class:`JobLimitError` if an Excel model of ``customers`` rows is beyond the limit."""
        if customers > self.limits.xlsx_customers:
            raise JobLimitError("xlsx_customers", allowed=self.limits.xlsx_customers, found=customers)

    def run(self, func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        """``func(*args, **kwargs)``, computed in a child process.

        Raises
        ------
        JobLimitError
            If the job takes longer than ``seconds``, needs more than ``memory_mb``,
            or its child dies.
        CalcError
            What ``func`` raised, if it was a :class:`~calc.errors.CalcError`.
        """
        with self._slots:
            lim = self.limits
            receive, send = self._ctx.Pipe(duplex=False)
            proc = self._ctx.Process(target=_job_child, args=(send, func, args, kwargs, lim, self._nice),
                                     daemon=True)
            proc.start()
            send.close()
            message, timed_out = _supervise(proc, receive, lim.seconds)
        if timed_out:
            raise JobLimitError("seconds", allowed=lim.seconds)
        if message is None:
            code = proc.exitcode
            if code in (-signal.SIGXCPU, -signal.SIGKILL):
                raise JobLimitError("seconds", allowed=lim.seconds)
            if code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS):
                raise JobLimitError("memory_mb", allowed=lim.memory_mb)
            raise JobLimitError("crashed")
        status, value = message
        if status == "ok":
            return value
        raise value
