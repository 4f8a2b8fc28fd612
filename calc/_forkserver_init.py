"""Imported once in the reading worker's forkserver, and nowhere else.

Two things make a read in a forked child as fast as one in-process:

* **No second run of the main script.** Every child forked from the forkserver
  would otherwise run the parent's main script again before it starts work
  (multiprocessing does that to rebuild ``__main__``; with ``streamlit run`` that
  is Streamlit's command-line module). The children need nothing from
  ``__main__``: their work is :func:`calc.isolate._child`. Naming the parent's
  main script as the forkserver's own ``__main__.__file__`` tells multiprocessing
  it is already loaded.
* **Warm libraries.** The first read in a process costs about 0.15 s more than the
  next (pandas, pyarrow and numpy set themselves up lazily). One tiny read here
  does that once; every child inherits it.
"""

from __future__ import annotations

import os
import sys

_parent_main = os.environ.get("SMART_ACCOUNTS_PARENT_MAIN")
_main = sys.modules.get("__main__")
if _parent_main and _main is not None and getattr(_main, "__file__", None) is None:
    _main.__file__ = _parent_main

try:
    import python_calamine  # noqa: F401 - the XLSX reader, loaded before the memory limit applies

    from calc.readers import read_data

    read_data(
        b"Kundennummer;Umsatz 2024;DB-Quote;Datum\n1;1.234,50;25 %;01.02.2024\n", filename="warm.csv"
    )
    read_data(b"Kundennummer;Belegdatum;Betrag\n1;01.02.2024;10,5\n1;02.02.2024;3\n", filename="warm.csv")
    import calc.assign  # noqa: F401 - the exports run in children of this forkserver too
    import calc.export_xlsx  # noqa: F401
    import calc.jobs  # noqa: F401
    import calc.report  # noqa: F401
except Exception:  # noqa: BLE001 - a failed warm-up only costs speed
    pass
