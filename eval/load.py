"""A loopback load test of the app: N simulated users, each a gradio_client session asking a few questions in
turn (follow-ups included), against the current index; bounded in users, questions and time.

    python eval/bench.py --users 1 20 50 [--per-user 5] [--seconds 600]
"""

from __future__ import annotations

import resource
import socket
import statistics
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass

from assistant import Assistant, Settings

QUESTIONS = ("Ai đồng chủ trì buổi làm việc ngày 16/5?", "Ông ấy kết luận thế nào?",
             "Bình Định có bao nhiêu dịch vụ công trực tuyến toàn trình?", "Còn Thanh Hóa thì sao?",
             "Thanh Hóa hoàn thiện thể chế cho chuyển đổi số như thế nào?")


@dataclass
class LoadRow:
    users: int
    asked: int
    errors: int
    p50_ms: float
    p95_ms: float
    per_second: float
    rss_mb: float


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _session(url: str, per_user: int, deadline: float) -> tuple[list[float], int]:
    """One user: their own client (session, conversation), questions in turn; latencies and errors."""
    from gradio_client import Client

    client, latencies, errors = Client(url, verbose=False), [], 0
    for question in (QUESTIONS * per_user)[:per_user]:
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        try:
            client.predict(question, [], "", "", api_name="/ask")
            latencies.append((time.perf_counter() - started) * 1000)
        except Exception:  # a failed request is counted, the user goes on
            errors += 1
    return latencies, errors


def _percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values[0] if values else 0.0)


def load_test(settings: Settings, users: list[int], per_user: int, seconds: float) -> list[LoadRow]:
    """Serves the app in this process on a free loopback port and runs each user count in turn."""
    from ui.page import create_app, launch

    settings = settings.model_copy(update={"ui_host": "127.0.0.1", "ui_port": _free_port()})
    demo = create_app(Assistant.from_settings(settings), settings, reveal_delay=0)
    launch(demo, settings, prevent_thread_lock=True, quiet=True)
    url, rows = f"http://127.0.0.1:{settings.ui_port}/", []
    try:
        for count in users:
            started, deadline = time.perf_counter(), time.monotonic() + seconds
            with ThreadPoolExecutor(count) as pool:
                futures = [pool.submit(_session, url, per_user, deadline) for _ in range(count)]
                wait(futures)
            results = [f.result() for f in futures]
            latencies = [ms for lat, _ in results for ms in lat]
            elapsed = time.perf_counter() - started
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            rows.append(LoadRow(count, len(latencies), sum(e for _, e in results), _percentile(latencies, 50),
                                _percentile(latencies, 95), len(latencies) / elapsed, rss))
    finally:
        demo.close()
    return rows


def print_rows(rows: list[LoadRow]) -> None:
    print(f"{'users':>5} {'asked':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'q/s':>6} {'peak MB':>8}")
    for r in rows:
        print(f"{r.users:>5} {r.asked:>6} {r.errors:>6} {r.p50_ms:>8.0f} {r.p95_ms:>8.0f} {r.per_second:>6.1f} "
              f"{r.rss_mb:>8.0f}")
    print(f"(worker threads: {Settings().ui_workers}; peak memory of this whole process)")
