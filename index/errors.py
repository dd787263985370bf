"""Errors that are safe to show to a person: each carries a Vietnamese and an English message.

The edges (CLI, app, eval) turn them into one message and a non-zero exit; any other exception is a bug.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """Base of every error a user can act on."""

    def __init__(self, vi: str, en: str):
        super().__init__(f"{vi} / {en}")
        self.vi = vi
        self.en = en

    @property
    def message(self) -> str:
        return f"{self.vi}\n{self.en}"


class ArticleUnreadable(UserFacingError):
    def __init__(self, path: str, reason: str, fix: tuple[str, str] = ("sửa tệp (văn bản UTF-8)", "fix the file (UTF-8 text)")):
        super().__init__(
            f"Không đọc được bài viết {path}: {reason}. Hãy {fix[0]} rồi lập chỉ mục lại.",
            f"Cannot read article {path}: {reason}. {fix[1][:1].upper()}{fix[1][1:]} and build again.",
        )
        self.reason = reason


class FileRefused(UserFacingError):
    """A file offered to the library (upload or ``python -m assistant add``) that is not added; nothing changes."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"Không thêm tệp {name}: {reason}. Các bài đã có không thay đổi.",
                         f"File {name} not added: {reason}. The articles already indexed are unchanged.")


class EmptyCorpus(UserFacingError):
    def __init__(self, corpus_dir: str):
        super().__init__(
            f"Thư mục bài viết {corpus_dir} không có tệp .txt hoặc .md nào (cũng không có .html, .docx, .pdf).",
            f"The corpus directory {corpus_dir} holds no .txt or .md article (nor .html, .docx, .pdf).",
        )


class IndexMissing(UserFacingError):
    def __init__(self, data_dir: str, detail: str = ""):
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"Chưa có chỉ mục trong {data_dir}{extra}. Hãy chạy: python -m assistant build",
            f"No index in {data_dir}{extra}. Run: python -m assistant build",
        )


class IndexLocked(UserFacingError):
    def __init__(self, data_dir: str):
        super().__init__(
            f"Thư mục dữ liệu {data_dir} đang bị khóa bởi một tiến trình xây dựng chỉ mục khác. Hãy thử lại sau.",
            f"The data directory {data_dir} is locked by another index build. Try again later.",
        )


class DataDirUnwritable(UserFacingError):
    def __init__(self, data_dir: str, reason: str):
        super().__init__(
            f"Không ghi được vào thư mục dữ liệu {data_dir}: {reason}.",
            f"Cannot write to the data directory {data_dir}: {reason}.",
        )


class VectorStoreUnavailable(UserFacingError):
    def __init__(self, where: str, reason: str):
        super().__init__(
            f"Không kết nối được kho vector Chroma ({where}): {reason}.",
            f"Cannot reach the Chroma vector store ({where}): {reason}.",
        )
