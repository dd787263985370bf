"""Question-level errors safe to show to a person (see index.errors for the base type)."""

from __future__ import annotations

from index.errors import UserFacingError


class EmptyQuestion(UserFacingError):
    def __init__(self) -> None:
        super().__init__("Vui lòng nhập câu hỏi.", "Please type a question.")


class QuestionTooLong(UserFacingError):
    def __init__(self, length: int, limit: int):
        super().__init__(
            f"Câu hỏi quá dài ({length} ký tự; tối đa {limit}). Hãy hỏi ngắn gọn hơn.",
            f"The question is too long ({length} characters; at most {limit}). Please shorten it.",
        )


class UnknownArticle(UserFacingError):
    def __init__(self, article_id: str):
        super().__init__(f"Không có bài viết mã {article_id!r} trong chỉ mục.",
                         f"No article with id {article_id!r} in the index.")


class IndexOutdated(UserFacingError):
    def __init__(self, built_with: str, wanted: str):
        super().__init__(
            f"Chỉ mục được xây bằng mô hình {built_with}, cấu hình hiện tại là {wanted}. "
            "Hãy chạy lại: python -m assistant build",
            f"The index was built with {built_with}, settings ask for {wanted}. Run: python -m assistant build",
        )


class MalformedHistory(UserFacingError):
    def __init__(self) -> None:
        super().__init__("Lịch sử hội thoại không hợp lệ: cần là danh sách các câu hỏi (chuỗi ký tự).",
                         "Malformed conversation history: expected a list of question strings.")


class FileNotWritten(UserFacingError):
    def __init__(self, path: object, reason: str):
        super().__init__(f"Không ghi được tệp {path}: {reason}.", f"Cannot write {path}: {reason}.")


class VectorsMissing(UserFacingError):
    """The vector store lacks passages the index lists (its folder deleted or emptied)."""

    def __init__(self, missing: int, total: int):
        super().__init__(
            f"Kho vector thiếu {missing}/{total} đoạn của chỉ mục (thư mục chroma bị xóa hoặc làm rỗng?). "
            "Hãy chạy lại: python -m assistant build",
            f"The vector store lacks {missing} of the index's {total} passages (chroma folder deleted or emptied?). "
            "Run: python -m assistant build")
