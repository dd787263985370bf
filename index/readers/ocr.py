"""Scanned pages read by Tesseract with its Vietnamese data (``tesseract-ocr tesseract-ocr-vie``; pages rendered
by poppler's ``pdftoppm`` through pdf2image). When either is missing, the file is named and skipped."""

from __future__ import annotations

import shutil
from pathlib import Path

from index.errors import ArticleUnreadable

LANGUAGE = "vie"
DPI = 300
MOST_PAGES = 200  # a scan longer than this is not read page by page for hours
INSTALL = ("cài OCR: apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils (make system)",
           "install OCR: apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils (make system)")


def missing() -> str | None:
    """What OCR lacks on this machine (Tesseract, its Vietnamese data, poppler), or None when it is ready."""
    if not shutil.which("tesseract"):
        return "chưa cài Tesseract OCR / Tesseract OCR is not installed"
    if not shutil.which("pdftoppm"):
        return "chưa cài poppler-utils (pdftoppm) / poppler-utils (pdftoppm) is not installed"
    import pytesseract

    if LANGUAGE not in pytesseract.get_languages(config=""):
        return "Tesseract chưa có dữ liệu tiếng Việt / Tesseract lacks Vietnamese data (tesseract-ocr-vie)"
    return None


def ocr_pages(path: Path, pages: int) -> list[str]:
    """The text of each page of a scanned PDF, one page rendered at a time (memory stays small)."""
    if lacking := missing():
        raise ArticleUnreadable(str(path), f"tệp là bản quét (ảnh), cần OCR nhưng {lacking}", INSTALL)
    if pages > MOST_PAGES:
        raise ArticleUnreadable(str(path), f"bản quét quá dài để OCR / scan too long for OCR ({pages} pages; at most "
                                           f"{MOST_PAGES})", ("tách tệp thành nhiều phần", "split the file"))
    import pytesseract
    from pdf2image import convert_from_path

    texts = []
    for number in range(1, pages + 1):
        for image in convert_from_path(str(path), dpi=DPI, first_page=number, last_page=number, grayscale=True):
            texts.append(pytesseract.image_to_string(image, lang=LANGUAGE))
    return texts
