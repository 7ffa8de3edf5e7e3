# IPython profile for kernels started by the test suite: plain tracebacks, readable in CI logs.
c = get_config()  # noqa: F821 - provided by IPython when it loads this file
c.InteractiveShell.colors = "nocolor"
c.HistoryManager.enabled = False  # kernels run in parallel under xdist; no shared history database
