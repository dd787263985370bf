"""The domain's words as the answering code reads them in questions and evidence: one home for each list.

Titles, event roles, statement verbs, document kinds, rate words and ministries. The extraction side
(``index/fact_patterns.py``) keeps its own patterns for how articles *write* these (capitalised titles,
document codes); here are the forms a question asks with, most of them folded (no diacritics).
"""

from __future__ import annotations

import re

# Titles a question may ask about ("phó chủ tịch" is kept apart from "chủ tịch").
TITLES = ("bí thư", "chủ tịch", "phó chủ tịch", "thứ trưởng", "giám đốc", "cục trưởng", "đại tá",
          "trung tướng", "trung tá", "trưởng đoàn", "đội trưởng", "bộ trưởng")
# Titles a follow-up may start with instead of a name ("Chủ tịch phát biểu gì?").
TITLE_ALONE = re.compile(r"^(bí thư|chủ tịch|phó chủ tịch|thứ trưởng|cục trưởng|giám đốc|trưởng đoàn)\b",
                         re.IGNORECASE)

# Event roles a "who" question asks about: folded words → the role as index/facts.py records it.
ASKED_ROLES = (("dong chu tri", "đồng chủ trì"), ("chu tri", "chủ trì"), ("truong doan", "trưởng đoàn"),
               ("dan dau", "trưởng đoàn"), ("dan doan", "trưởng đoàn"), ("tiep(?! tuc)", "tiếp đoàn"),
               ("bao cao", "báo cáo"), ("ket luan", "kết luận"), ("phat bieu", "phát biểu"), ("de nghi", "đề nghị"),
               ("nhan manh", "nhấn mạnh"), ("giai dap", "giải đáp"))
# Roles whose sentence is an instruction (a summary files it under "Chỉ đạo").
DIRECTING_ROLES = frozenset({"đề nghị", "nhấn mạnh", "kết luận", "chỉ đạo", "yêu cầu", "khẳng định", "giải đáp"})
# A clause ending with one of these verbs introduces what was said ("… nhấn mạnh:").
STATEMENT_VERBS = ("nhấn mạnh", "cho biết", "khẳng định", "nêu rõ", "kết luận", "đề nghị", "phát biểu", "chỉ đạo",
                   "yêu cầu")

# Short forms of document kinds written before a number in questions ("NQ57", "QĐ 06").
DOC_SHORTHAND = {"NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "KH": "Kế hoạch", "ĐA": "Đề án"}
# Kinds of document, folded, as a "văn bản nào" question names them.
DOC_KINDS = ("nghi quyet", "quyet dinh", "chi thi", "ke hoach", "nghi dinh", "thong tu", "ket luan", "de an",
             "chuong trinh", "cong van", "huong dan")
# Words before a number that make it a label, not a count ("Đề án 06", "mức độ 2").
LABEL_WORDS = ("đề án", "mức độ", "bài", "khóa", "lần thứ", "nghị quyết", "quyết định", "chỉ thị", "kế hoạch", "nhóm",
               "top")
# Labels a question may name, which the evidence must name too ("mức độ 2", "giai đoạn 2").
NAMED_LABEL_WORDS = ("mức độ", "đề án", "nghị quyết", "quyết định", "chỉ thị", "kế hoạch", "giai đoạn")

# "tỷ lệ … bao nhiêu" asks for a percentage; the words themselves are no evidence (the % sign is).
RATE_TERMS = frozenset({"ty_le", "ty", "le", "phan_tram", "phan", "tram"})
# Words around a figure that say nothing about what it counts.
COUNT_WORDS = RATE_TERMS | {"so_luong", "luong", "dat"}

MINISTRIES = ("Công an", "TT&TT", "Thông tin và Truyền thông", "KH&CN", "Khoa học và Công nghệ", "Nội vụ",
              "Tư pháp", "Tài chính", "Y tế", "Giáo dục và Đào tạo", "Quốc phòng", "Kế hoạch và Đầu tư",
              "Công Thương", "Nông nghiệp và Môi trường", "Tài nguyên và Môi trường", "Xây dựng", "Ngoại giao",
              "Giao thông vận tải", "Văn hóa, Thể thao và Du lịch", "Dân tộc và Tôn giáo")
# First words of organisations and titles: a capitalised run starting with one is not a person's name.
ORGANISATION_HEADS = frozenset({"bộ", "ban", "tỉnh", "sở", "cổng", "đề", "đội", "cục", "quyết", "nghị", "kế", "chỉ",
                                "trường", "công", "đoàn", "ủy", "hội", "phó", "thứ", "chủ", "bí", "giám", "trung",
                                "đại", "ông", "bà"})

# How reports say what a question says otherwise, in groups: evidence that writes any member of a group
# covers the question's member ("hoàn thành 13/15 chỉ tiêu" ~ "đạt và vượt 13/15 chỉ tiêu"). A member may carry a
# regex guard ("điểm DTI" the score, not "điểm cầu" the venue).
PHRASE_SYNONYMS = (("điểm số", r"(?:bao nhiêu|mấy) điểm|điểm(?= (?:dti|chỉ số|par|sipas|ict|đánh giá)\b)", "giá trị"),
                   ("hoàn thành", "đạt và vượt", "đạt"), ("hình thành", "thành lập"),
                   ("tụt hạng", "giảm hạng", "tụt bậc", "giảm bậc"), ("tăng hạng", "tăng bậc"),
                   ("xếp thứ", "đứng thứ", "xếp hạng"), ("sáp nhập", "hợp nhất"))
# What a count question's unit may be written as in the reports (folded unit → written forms).
UNIT_SYNONYMS = {"tien": ("đồng",), "kinh phi": ("đồng",), "von": ("đồng",), "ngan sach": ("đồng",),
                 "cay so": ("km",), "km": ("cây số",), "nguoi": ("lượt người", "học viên", "cán bộ")}
# Words that end the unit a count question names ("bao nhiêu xã năm 2023" counts "xã").
UNIT_STOPS = frozenset("den tai o cua trong nam thang tu vao hien da duoc va cho theo sau truoc khi moi la dat ve"
                       .split())

# Qualifiers that make an indicator what it is, folded, in groups of rivals: a figure answers only with the
# qualifier asked ("toàn trình" is not "một phần"; "đúng hạn" is not "trễ hạn").
QUALIFIER_GROUPS = (("toan trinh", "mot phan"), ("dung han", "tre han", "qua han"),
                    ("tich hop", "cung cap"), ("cap tinh", "cap huyen", "cap xa"), ("muc do 2", "muc do 1"))
# Rankings of provinces, each by the ways reports name it, folded: a rank or score asked of one is never
# answered by a sentence about another ("ICT Index" is not "DTI").
RANKINGS = {"DTI": (r"dti", r"chi so (?:danh gia )?chuyen doi so"),
            "ICT Index": (r"ict[ -]index", r"san sang cho phat trien va ung dung"),
            "PAR Index": (r"par[ -]index", r"chi so cai cach hanh chinh"),
            "SIPAS": (r"sipas", r"chi so hai long"), "PCI": (r"pci", r"nang luc canh tranh"),
            "PAPI": (r"papi", r"hieu qua quan tri va hanh chinh cong"),
            "EGDI": (r"egdi", r"phat trien chinh phu dien tu")}
# What figures count, folded: a count or rate question naming one is answered only by a clause naming it too.
HEAD_NOUNS = ("ho so", "thu tuc", "dich vu cong", "tai khoan", "van ban", "doanh nghiep", "camera", "chu ky so",
              "can cuoc", "tram bts", "cap quang", "nguoi", "hoc vien", "can bo", "xa", "phuong")
