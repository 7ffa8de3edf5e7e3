# IPython profile for kernels started by the test suite: plain tracebacks, readable in CI logs.
c = get_config()  # noqa: F821 - provided by IPython when it loads this file
c.InteractiveShell.colors = "nocolor"
c.HistoryManager.enabled = False  # kernels run in parallel under xdist; no shared history database

# Offline proof: every notebook the tests run has the network refused inside its kernel. Only loopback
# addresses (the kernel's own channels) and Unix sockets may be reached.
c.InteractiveShellApp.exec_lines = [
    "import socket as _course_socket\n"
    "def _course_offline(connect):\n"
    "    def guarded(sock, address):\n"
    "        host = address[0] if isinstance(address, tuple) else ''\n"
    "        if sock.family == getattr(_course_socket, 'AF_UNIX', None) or str(host).startswith(('127.', '::1', 'localhost')):\n"
    "            return connect(sock, address)\n"
    "        raise OSError(f'network access is disabled in the course tests ({host})')\n"
    "    return guarded\n"
    "_course_socket.socket.connect = _course_offline(_course_socket.socket.connect)\n"
    "_course_socket.socket.connect_ex = _course_offline(_course_socket.socket.connect_ex)\n"
    "del _course_offline"
]
