"""The assistant works offline: a real build and query open no connection beyond this machine."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.api import Assistant, build
from tests.conftest import make_settings


def is_local(address: Any) -> bool:
    """Loopback IPs and unix socket paths; anything else (a host name included) would leave the machine."""
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX path
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode()
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return host == "localhost"


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every address a Python-level socket tries to reach while the test runs."""
    seen: list[Any] = []
    connect, connect_ex, create_connection = socket.socket.connect, socket.socket.connect_ex, socket.create_connection

    def record_connect(self: socket.socket, address: Any) -> Any:
        seen.append(address)
        return connect(self, address)

    def record_connect_ex(self: socket.socket, address: Any) -> Any:
        seen.append(address)
        return connect_ex(self, address)

    def record_create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        seen.append(address)
        return create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", record_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", record_connect_ex)
    monkeypatch.setattr(socket, "create_connection", record_create_connection)
    return seen


def test_build_and_query_stay_on_this_machine(tmp_path: Path, connections: list[Any]) -> None:
    settings = make_settings(tmp_path)
    build(settings, progress=False)
    passages = Assistant.from_settings(settings).search("Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?")
    assert any("1.230" in p.text for p in passages)
    assert [a for a in connections if not is_local(a)] == []


def test_the_recorder_sees_connections(connections: list[Any]) -> None:
    """Guards the test above against passing because the patch caught nothing."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname()):
            pass
    assert connections and all(is_local(a) for a in connections)
    assert not is_local(("93.184.216.34", 443)) and not is_local(("example.org", 443))


def test_importing_the_assistant_turns_off_hub_lookups_and_telemetry() -> None:
    """In a clean process, whoever imports us first: no Hugging Face hub calls, no Chroma telemetry."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "ANONYMIZED_TELEMETRY", "GRADIO_ANALYTICS_ENABLED"}}
    code = ("import json, os, assistant; print(json.dumps({k: os.environ.get(k) for k in "
            "('HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE', 'ANONYMIZED_TELEMETRY', 'GRADIO_ANALYTICS_ENABLED')}))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                                      "ANONYMIZED_TELEMETRY": "False", "GRADIO_ANALYTICS_ENABLED": "False"}
    import assistant  # noqa: F401  (this process too)

    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["ANONYMIZED_TELEMETRY"] == "False"
