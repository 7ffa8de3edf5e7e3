"""The notebook kernels started by the tests have the network refused (the offline proof)."""

import nbclient
import nbformat


def test_test_kernels_refuse_the_network_but_keep_loopback():
    probe = nbformat.v4.new_code_cell(
        "import socket\n"
        "outside = socket.socket()\n"
        "try:\n"
        "    outside.connect(('192.0.2.1', 80))\n"
        "    result = 'connected'\n"
        "except OSError as error:\n"
        "    result = str(error)\n"
        "print(result)\n"
        "server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen(1)\n"
        "client = socket.socket(); client.connect(server.getsockname())\n"
        "print('loopback ok')"
    )
    notebook = nbformat.v4.new_notebook(cells=[probe])
    nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    text = "".join(output.get("text", "") for output in notebook.cells[0].outputs)
    assert "network access is disabled in the course tests" in text
    assert "loopback ok" in text
