"""Reports as they arrive, made by the tests themselves: a Word report with a table (python-docx), a multi-page
PDF with running headers and page numbers (fpdf2), a scan without a text layer (an image in a PDF, Pillow), and a
saved portal page with menus, ads, related links and a footer around the article."""

from __future__ import annotations

from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
FONT = next((d / n for d in FONT_DIRS for n in ("DejaVuSans.ttf", "LiberationSans-Regular.ttf") if (d / n).exists()),
            None)  # a font with Vietnamese letters (Debian fonts-dejavu-core, installed by `make system`)

DOCX_TITLE = "Báo cáo kết quả chuyển đổi số tỉnh Nghệ An năm 2024"
DOCX_PARAGRAPHS = (
    "Ngày 20/12/2024, UBND tỉnh Nghệ An tổng kết công tác chuyển đổi số năm 2024.",
    "Năm 2024, toàn tỉnh đã lắp đặt 1.850 camera giám sát an ninh kết nối về Trung tâm điều hành thông minh.",
    "Phó Chủ tịch UBND tỉnh Bùi Đình Long chủ trì hội nghị và yêu cầu các sở, ngành hoàn thành kế hoạch năm 2025.",
)
DOCX_TABLE = (("Chỉ tiêu", "2023", "2024"), ("Tỷ lệ hồ sơ trực tuyến", "61,2%", "77,5%"),
              ("Số trạm BTS 5G", "120", "436"))


def docx_report(path: Path, title: str = DOCX_TITLE, paragraphs: tuple[str, ...] = DOCX_PARAGRAPHS) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(paragraphs[0])
    document.add_heading("I. Kết quả đạt được", level=2)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    table = document.add_table(rows=len(DOCX_TABLE), cols=len(DOCX_TABLE[0]))
    for row, values in zip(table.rows, DOCX_TABLE):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.add_paragraph("Kết luận: tỉnh tiếp tục đẩy mạnh chuyển đổi số trong năm 2025.")
    document.save(path)
    return path


PDF_HEADER = "UBND TỈNH HÀ TĨNH - Báo cáo chuyển đổi số năm 2024"
PDF_FACT = ("Đến hết năm 2024, tỉnh Hà Tĩnh đã cấp 215.400 chứng thư chữ ký số cá nhân cho người dân và cán bộ, "
            "công chức, viên chức trên địa bàn, vượt chỉ tiêu kế hoạch đề ra từ đầu năm.")


SECTIONS = ("Về hạ tầng số", "Về dữ liệu số", "Về chính quyền số", "Về kinh tế số", "Về xã hội số")
UNITS = ("Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh", "Sở Nội vụ", "Công an tỉnh", "Sở Tài chính",
         "UBND thành phố Hà Tĩnh", "UBND thị xã Kỳ Anh", "UBND huyện Cẩm Xuyên")


def _paragraph(section: int, unit: str) -> str:
    return (f"{unit} tiếp tục triển khai các nhiệm vụ {SECTIONS[section].lower().removeprefix('về ')} theo kế hoạch "
            f"của tỉnh, bảo đảm các nền tảng số dùng chung vận hành ổn định, an toàn, kết nối thông suốt với hệ "
            f"thống của các bộ, ngành trung ương và phục vụ tốt người dân, doanh nghiệp.")


def pdf_report(path: Path) -> Path:
    """A report of several pages as Word exports it: a running header and "Trang i" on each page, paragraphs
    wrapped by width and running on over page breaks, the key figure on the second page."""
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("body", size=9)
            self.cell(0, 8, PDF_HEADER, new_x="LMARGIN", new_y="NEXT", align="C")
            self.ln(4)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("body", size=9)
            self.cell(0, 8, f"Trang {self.page_no()}", align="C")

    pdf = Report(format="A4")
    pdf.add_font("body", fname=str(FONT))
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    pdf.set_font("body", size=13)
    pdf.multi_cell(0, 8, "BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ NĂM 2024", new_x="LMARGIN", new_y="NEXT", align="C")
    for section, heading in enumerate(SECTIONS):
        pdf.set_font("body", size=12)
        pdf.multi_cell(0, 7, f"{section + 1}. {heading}", new_x="LMARGIN", new_y="NEXT")
        for unit in UNITS:
            pdf.multi_cell(0, 7, _paragraph(section, unit), new_x="LMARGIN", new_y="NEXT")
        if section == 1:
            pdf.multi_cell(0, 7, PDF_FACT, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


SCAN_LINES = ("UBND TỈNH LÀO CAI", "Năm 2024, tỉnh Lào Cai có 96 xã", "triển khai mô hình tổ công nghệ số",
              "cộng đồng với 4.210 thành viên.")


def scanned_pdf(path: Path, lines: tuple[str, ...] = SCAN_LINES) -> Path:
    """One page that is only a picture of text: no text layer, as a scanner makes it."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 44)
    for i, line in enumerate(lines):
        draw.text((150, 200 + i * 80), line, fill=0, font=font)
    image.save(path, "PDF", resolution=200.0)
    return path


PAGE_TITLE = "Quảng Ninh đưa 100% dịch vụ công trực tuyến toàn trình lên Cổng dịch vụ công quốc gia"
PAGE_FACT = "Tính đến tháng 9/2024, tỉnh Quảng Ninh có 1.097 dịch vụ công trực tuyến toàn trình."
MENU, AD, RELATED, FOOTER = ("Giới thiệu chung", "Mua sim số đẹp giá rẻ", "Hà Giang phát động phong trào bình dân học vụ số",
                            "Bản quyền thuộc Cổng thông tin điện tử tỉnh Quảng Ninh")


def portal_page(path: Path) -> Path:
    """A provincial portal's article page as a browser saves it."""
    paragraphs = "".join(f"<p>{p}</p>" for p in (
        "Sáng 25/9/2024, Sở Thông tin và Truyền thông tỉnh Quảng Ninh tổ chức họp báo về kết quả chuyển đổi số.",
        PAGE_FACT,
        "Tỷ lệ hồ sơ được xử lý trực tuyến toàn trình đạt 84,6%, cao hơn mức trung bình cả nước.",
        "Giám đốc Sở Thông tin và Truyền thông Nguyễn Văn Đức cho biết tỉnh sẽ tiếp tục rà soát quy trình."))
    path.write_text(f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{PAGE_TITLE} - Cổng TTĐT tỉnh Quảng Ninh</title>
<meta property="og:title" content="{PAGE_TITLE}">
<meta property="article:published_time" content="2024-09-26T09:30:00+07:00">
<link rel="stylesheet" href="https://www.quangninh.gov.vn/style.css"><script src="https://www.quangninh.gov.vn/a.js"></script>
</head><body>
<header><div class="logo">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH QUẢNG NINH</div>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">{MENU}</a></li>
<li><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li><a href="/van-ban">Văn bản chỉ đạo điều hành</a></li></ul></nav></header>
<div class="banner-ads"><a href="https://ads.example.vn"><img src="ad.gif" alt="quảng cáo"></a>{AD}</div>
<main><div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/tin-tuc">Tin tức</a></div>
<article class="news-detail"><h1 class="title">{PAGE_TITLE}</h1><div class="date">26/09/2024 09:30</div>
<div class="content">{paragraphs}
<table><tr><th>Chỉ tiêu</th><th>2023</th><th>2024</th></tr>
<tr><td>Tài khoản VNeID mức 2</td><td>612.000</td><td>801.500</td></tr></table>
</div></article>
<aside class="related"><h3>Tin liên quan</h3><ul><li><a href="/a">{RELATED}</a></li>
<li><a href="/b">Bắc Ninh ra mắt trung tâm điều hành thông minh</a></li></ul></aside></main>
<footer><p>{FOOTER}</p><p>Địa chỉ: Phường Hồng Hà, TP Hạ Long. Điện thoại: 0203.3835.xxx</p></footer>
</body></html>""", encoding="utf-8")
    return path
