"""How Vietnamese press reports write the facts ``index/facts.py`` extracts: names, titles, roles, codes, numbers.

Constants, compiled patterns and the pure functions that read them in one sentence (where a title ends, which
noun a number counts); ``facts.py`` assembles the records. The conventions written down here: titles are
capitalised (``Phó Chủ tịch UBND tỉnh``); names are 2–4 capitalised syllables starting with a family name;
document codes read ``57-NQ/TW`` or ``749/QĐ-TTg``; ``1.758`` is one thousand seven hundred and fifty-eight and
``99,81`` a decimal.
"""

from __future__ import annotations

import re

from index.normalize import normalize_text
from index.provinces import PROVINCES
from index.segment import segment

UP = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"

# Common family names (not the rare ones that are also words of titles or places: Ông, Văn, Giang, Yên…).
FAMILY_NAMES = frozenset(normalize_text(n) for n in """
    Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Mai Lâm Phùng Đinh Trịnh Đoàn
    Trương Lương Lưu Cao Hà Tạ Tô Tôn Thái Châu Chu Chế Cù Diệp Doãn Đàm Đào Đồng Giáp Hầu Hứa Kiều Kim
    Khổng Khúc La Lại Lã Lò Lục Mạc Mạch Nông Ninh Nghiêm Quách Quan Tăng Thạch Thân Tiêu Triệu Từ Ứng Vi
    Vương Âu Bạch Bế Cấn Cầm Chung Đậu Đèo Hàn Khương Khuất Lạc Lỗ Mã Mẫn Nhữ Phí Tống Trình Tưởng Uông Kha
    Liêu Lữ Lô Bàn Dư Viên Ôn Thiều Cung Quản Vòng
""".split())
PLACES = frozenset(PROVINCES) | {"Hồ Chí Minh", "Huế", "Vũng Tàu"}
PLACE_WORDS = re.compile(r"(?:tỉnh|huyện|thành phố|TP|Tp|thị xã|thị trấn|xã|phường|quận|thôn|bản|làng|xóm|ấp)\s+$")
# Streets and institutions named after people: "đường Lê Lợi", "Trường THPT Lê Quý Đôn".
NAMED_AFTER = re.compile(r"(?:đường|phố|[Tt]rường|THPT|THCS|[Tt]iểu học|[Bb]ệnh viện|[Đđ]ại học|ĐH|[Cc]ầu"
                         r"|[Qq]uảng trường|[Cc]ông viên|[Ll]ớp|[Cc]huyên)\s+$")
HONORIFIC = re.compile(r"(?<!\w)(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à)\s+$")

_RANKS = ("Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Thiếu tá"
          "|Đại úy|Thượng úy|Trung úy|Thiếu úy")
_POSTS = ("Tổng Bí thư|Bí thư|Chủ tịch|Thủ tướng|Bộ trưởng|Thứ trưởng|Tổng cục trưởng|Cục trưởng|Vụ trưởng"
          "|Viện trưởng|Tổng Giám đốc|Giám đốc|Chánh [Vv]ăn phòng|Chánh án|Chánh [Tt]hanh tra|Chủ nhiệm"
          "|Tỉnh ủy viên|Thành ủy viên|Huyện ủy viên|Ủy viên|Đại biểu Quốc hội|Hiệu trưởng|Tư lệnh|Chính ủy"
          "|Chỉ huy trưởng|Tổ trưởng|Đội trưởng|Trưởng|trưởng [Bb]an")
TITLE_HEAD = re.compile(rf"(?<!\w)(?:{_RANKS}|(?:(?:Nguyên|Quyền) )?(?:Phó )?(?:{_POSTS}))(?!\w)")
# What ends a title written next to a name: punctuation, or the verbs and connectors of the sentence around it.
TITLE_END = re.compile(
    r"\s*(?:[,;:.()“”\"…!?]|(?:làm|do|cùng|với|của|đã|đang|sẽ|là|có|được|tại|trong|dự|tham dự|chủ trì"
    r"|đồng chủ trì|phát biểu|báo cáo|cho biết|nêu|nhấn mạnh|đề nghị|kết luận|khẳng định|ghi nhận|đánh giá"
    r"|giải đáp|tiếp|trao|chỉ đạo|phụ trách|mong muốn|yêu cầu|lưu ý|thăm|khai mạc|nói|chia sẻ|cảm ơn"
    r"|thay mặt|đến|từ|về|cũng|vừa|mới|khi|để|ký|ban hành|tặng|dẫn đầu|giao|gửi|trình)(?!\w))")

# Event roles and the phrases that name them; "ban chỉ đạo" is matched only so that it is not read as "chỉ đạo".
ROLES: dict[str, str | None] = {
    "đồng chủ trì": "đồng chủ trì", "chủ trì": "chủ trì", "trưởng đoàn": "trưởng đoàn",
    "dẫn đầu đoàn": "trưởng đoàn", "tiếp và làm việc với đoàn": "tiếp đoàn", "tiếp đoàn": "tiếp đoàn",
    "phát biểu": "phát biểu", "kết luận": "kết luận", "báo cáo": "báo cáo", "đề nghị": "đề nghị",
    "nhấn mạnh": "nhấn mạnh", "giải đáp": "giải đáp", "khẳng định": "khẳng định", "cho biết": "cho biết",
    "nêu rõ": "nêu rõ", "ghi nhận": "ghi nhận", "chỉ đạo": "chỉ đạo", "yêu cầu": "yêu cầu",
    "trình bày": "trình bày", "khai mạc": "khai mạc", "tham dự": "tham dự", "dự và": "tham dự",
    "ban chỉ đạo": None,
}
_ROLE = re.compile(r"(?<!\w)(?:" + "|".join(sorted(ROLES, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)

DOC_LETTERS = {"NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "KH": "Kế hoạch", "NĐ": "Nghị định",
               "TT": "Thông tư", "KL": "Kết luận", "TB": "Thông báo", "HD": "Hướng dẫn", "ĐA": "Đề án",
               "QC": "Quy chế", "CĐ": "Công điện", "CTr": "Chương trình", "BC": "Báo cáo"}
_KINDS = ("Nghị quyết|Quyết định|Chỉ thị|Kế hoạch|Nghị định|Thông tư|Kết luận|Thông báo|Hướng dẫn|Đề án"
          "|Chương trình|Luật|Công điện")
CODE = re.compile(r"(?<![\w/.,-])\d{1,5}(?:/(?:19|20)\d\d)?[-/](?P<letters>[A-ZĐ]{1,3}r?)(?:[-/][A-ZĐ][\w&]*)+"
                  r"(?![\w&])")
KIND_BEFORE = re.compile(rf"(?i:({_KINDS}))(?:\s+[^\W\d]+){{0,2}}?\s+(?:số\s+)?$")
DATE_AFTER = re.compile(r"\s*,?\s*(?:ban hành\s+)?ngày\s+(?P<date>(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})"
                        r"(?:(?P=sep)(?P<y>\d{4}))?|(?P<d2>\d{1,2}) tháng (?P<m2>\d{1,2}) năm (?P<y2>\d{4}))")
ISSUER_AFTER = re.compile(rf"\s*(?:của|do)\s+(?P<issuer>[{UP}][^,;:.()“”\"…]*?)"
                          rf"(?=\s+(?:về|phê duyệt|ban hành|nhằm|quy định|gồm|và(?!\s[{UP}]))\b"
                          r"|\s*[,;:.()“”\"…]|$)")
_ISSUER_HEADS = ("Ban Chấp hành Trung ương|Bộ Chính trị|Ban Bí thư|Quốc hội|Thủ tướng|Chính phủ|Ban Thường vụ"
                 "|Tỉnh ủy|Thành ủy|Huyện ủy|Đảng ủy|HĐND|UBND|Hội đồng nhân dân|Ủy ban nhân dân|Chủ tịch|Bộ|Sở"
                 "|Ban Chỉ đạo|BCĐ|Trưởng Ban|Trưởng BCĐ")
_ORG_TAIL = rf"(?:\s(?:[{UP}0-9][\w&]*|tỉnh|thành phố|huyện|xã|tin|thông|trị|phủ|vụ|ủy|đạo|nhân dân|và(?=\s[{UP}])))*"
ISSUER_BEFORE = re.compile(rf"(?<!\w)(?P<issuer>(?:{_ISSUER_HEADS}){_ORG_TAIL})"
                           r"\s+(?:(?:cho biết|đã|vừa|mới|ký)\s+)*ban hành\s+$")
SUBJECT_AFTER = re.compile(rf"\s*,?\s*(?:(?:về|phê duyệt|ban hành)\s+)?“(?P<quoted>[^”]+)”"
                           rf"|\s*,?\s*về\s+(?P<about>.+?)(?=\s*;|\s+(?:chính là|là|đã|được|nhằm)\s|,\s+[{UP}]|[.…]*$)")
PROGRAMME = re.compile(r"\((?:sau đây |)(?:gọi tắt là |viết tắt là |gọi tắt |gọi là )?"
                       r"(?P<code>(?P<kind>Đề án|Chương trình|Dự án|Kế hoạch|Chiến lược) \d+)\)")
DATES = re.compile(r"(?<![\w/.,-])(?P<full>\d{1,2}([/.-])\d{1,2}\2(?:19|20)\d\d)(?![\w/])"
                   r"|(?:[Nn]gày|[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm|[Hh]ôm|[Tt]ính đến|hết)\s+"
                   r"(?P<short>\d{1,2}[/.-]\d{1,2})(?![\w/])|[Tt]háng\s+(?P<month>\d{1,2}[/.-](?:19|20)\d\d)")
AS_OF = re.compile(r"(?:[Tt]ính đến(?:\s+hết)?(?:\s+ngày)?|[Đđ]ến(?:\s+hết)?\s+ngày)\s+"
                   r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})(?:[/.-](?P<y>\d{4}))?")

NUMBER = re.compile(r"(?<![\w.,/&-])(?P<a>\d[\d.,]*\d|\d)(?:(?P<op>\s?-\s?|/)(?P<b>\d[\d.,]*\d|\d))?(?![\w&/])"
                    r"(?P<mult>\s(?:triệu|nghìn|ngàn|tỷ))?(?P<pct>\s?%)?")
VALID_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
MULTIPLIERS = {"triệu": 1e6, "nghìn": 1e3, "ngàn": 1e3, "tỷ": 1e9}
QUALIFIER = re.compile(r"(?i:(hơn|trên|gần|khoảng|đạt|dưới|gấp|chiếm|xấp xỉ|tới))\s+$")
NOT_A_COUNT_BEFORE = re.compile(rf"(?:(?<![Tt]rong )số|ngày|tháng|năm|[Bb]ài|[Đđ]iều|khoản|[Pp]hần|[Cc]hương"
                                rf"|mức độ|cấp độ|giai đoạn|quý|khóa|kỳ|lần thứ|{_KINDS}|[“\"])\s*$")
TIME_UNITS = re.compile(r"\s*(?:tháng|năm|ngày|giờ|phút|giây|tuần|quý|thế kỷ|tiếng)(?!\w)")
# Where the noun phrase after a number ends: punctuation, "và" before the next figure, or the next figure
# (not a level, "mức độ 2", nor a year).
PHRASE_END = re.compile(r"\s*[,;:()“”\"…]|\.(?!\d)|\s+và\s+(?:\S+\s+){0,3}?\d"
                        r"|(?<!độ)\s+(?:(?:đạt|là|chiếm|gồm)\s+)?\d(?!\d{3}(?!\d|[.,]\d))")
_ADMIN = r"(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|thôn|bản|tổ dân phố)(?!\w)"
ADMIN_LIST = re.compile(rf"\s*({_ADMIN}(?:\s*[,/]\s*{_ADMIN})+)")
CLAUSE_BREAK = re.compile(r"[,;:(“”\"]|(?<!\w)(?:cho biết|cho rằng|nêu rõ|khẳng định)(?!\w)")
MEASURES = frozenset({"đồng", "km", "ha", "tấn", "USD", "GB", "TB", "Mbps", "kWh", "MW", "m2"})  # not counted things
UNITS = ("cơ sở dữ liệu", "bộ dữ liệu mở", "bộ dữ liệu", "chữ ký số", "phòng họp trực tuyến", "cơ sở y tế",
         "lượt truy cập", "thủ tục hành chính", "nhóm giải pháp", "tổ công nghệ số cộng đồng", "camera giám sát")
# Function words that cannot start the noun phrase after a number, nor end an indicator.
PHRASE_STOPS = frozenset("""
    của cho với và có các những tại trong từ đến về để thuộc là được đã đang sẽ mà theo so như thì này đó khi
    trên dưới đạt chiếm gồm hơn gần khoảng ở tới
""".split())
LEADING_NOISE = re.compile(r"^(?:(?:trong đó|đặc biệt|đồng thời|với|và|có|gồm|hiện nay|đến nay|hiện|đạt)"
                           r"(?:\s*,?\s+|\s*$))+", re.IGNORECASE)


_WORD = re.compile(r"[\w&]+")
_NEXT_WORD = re.compile(r"\s+([\w&]+(?:[-/][\w&]+)*)")
_COMMA = re.compile(r"\s*,\s*")


def is_capitalised(word: str) -> bool:
    return len(word) > 1 and word.isalpha() and word[0].isupper() and word[1:].islower()


def capital_runs(sentence: str) -> list[list[tuple[int, int]]]:
    """Runs of capitalised syllables separated by single spaces: where names can be."""
    runs: list[list[tuple[int, int]]] = []
    for m in _WORD.finditer(sentence):
        if not is_capitalised(m.group()):
            continue
        if runs and sentence[runs[-1][-1][1]:m.start()] == " ":
            runs[-1].append(m.span())
        else:
            runs.append([m.span()])
    return runs


def name_span(sentence: str, run: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The run's tail that is a name (2–4 syllables from a family name), or a lone syllable (a short form)."""
    if len(run) == 1:
        return run[0]
    for i, (start, end) in enumerate(run):
        if sentence[start:end] in FAMILY_NAMES and 2 <= len(run) - i <= 4:
            return start, run[-1][1]
    return None


def _starts_name(word: str, nxt: re.Match[str] | None) -> bool:
    return word in FAMILY_NAMES and bool(nxt) and is_capitalised(nxt.group(1))


def title_end(sentence: str, start: int, limit: int | None = None) -> int:
    """End of the title whose head is at ``start``: organisation words up to a verb, a comma or ``limit``."""
    end = TITLE_HEAD.match(sentence, start).end()
    for _ in range(10):
        word = _NEXT_WORD.match(sentence, end)
        if not word or TITLE_END.match(sentence, end) or (limit is not None and word.end() > limit):
            break
        nxt = _NEXT_WORD.match(sentence, word.end())
        if word.group(1) == "và" and not (nxt and is_capitalised(nxt.group(1).split("-")[0])
                                           and not TITLE_HEAD.match(sentence, nxt.start(1))):
            break
        if limit is None and (TITLE_HEAD.match(sentence, word.start(1)) or _starts_name(word.group(1), nxt)):
            break
        end = word.end()
    return end


def titles_before(sentence: str, name_start: int) -> list[tuple[int, int]]:
    """Titles written before the name: "Đại tá", "Thứ trưởng Bộ TT&TT", chained by spaces or commas."""
    spans: list[tuple[int, int]] = []
    limit = name_start
    while True:
        heads = [m.start() for m in TITLE_HEAD.finditer(sentence, 0, limit)]
        head = next((h for h in reversed(heads) if not sentence[title_end(sentence, h, limit):limit].strip()), None)
        if head is None:
            return spans
        spans.insert(0, (head, head + len(sentence[head:limit].rstrip())))
        limit = len(sentence[:head].rstrip(" ,"))
        if limit == head:
            return spans


def titles_after(sentence: str, pos: int) -> list[tuple[int, int]]:
    """Titles after the name, each after a comma: "Đỗ Minh Tuấn, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"."""
    spans = []
    while (comma := _COMMA.match(sentence, pos)) and TITLE_HEAD.match(sentence, comma.end()):
        pos = title_end(sentence, comma.end())
        spans.append((comma.end(), pos))
    return spans


_MAX_SYLLABLES = 18  # an indicator is a short phrase: about 12 Vietnamese words
_RATE = re.compile(r"(tỷ lệ(?:\s+\S+){1,14}?)(?:\s+(?:đạt|là|chiếm|ở mức|lên tới|lên))?\s*$")
_CLAUSE_TAIL = re.compile(r"(?:\s+(?:là|đạt|chiếm))+\s*$")
_PREPOSITION_END = re.compile(r"(?<!\w)(?:cho|tới|đến|tại|đối với|ở)$")


def after_phrase(tail: str) -> str:
    """The noun phrase after a number with its predicate, up to the clause's end: "chữ ký số được cấp"."""
    admin = ADMIN_LIST.match(tail)  # "58 xã, phường trung tâm": the commas of the list do not end it
    rest = tail[admin.end():] if admin else tail
    stop = PHRASE_END.search(rest)
    head = admin.group(1) + " " if admin else ""
    words = (head + rest[:stop.start() if stop else len(rest)]).split()[:_MAX_SYLLABLES]
    while words and words[-1] in PHRASE_STOPS:
        words.pop()
    return " ".join(words)


def unit_of(phrase: str) -> str | None:
    """The counted noun that opens ``phrase``: a known compound, a list of administrative units, or pyvi's word."""
    if not phrase or phrase.split()[0] in PHRASE_STOPS:
        return None
    if admin := ADMIN_LIST.match(phrase):
        return admin.group(1)
    if known := next((u for u in UNITS if phrase == u or phrase.startswith(u + " ")), None):
        return known
    words = segment(phrase)
    first = words[0].replace("_", " ") if words else ""
    return first if first[:1].isalpha() else None


def _before_parenthesis(sentence: str, start: int, end: int, q_start: int) -> str | None:
    """For "(1.758/1.950 dịch vụ)" or "(chiếm 66%)": the noun phrase just before the parenthesis."""
    opening = sentence.rfind("(", 0, start)
    closing = sentence.find(")", end)
    if (opening < 0 or closing < 0 or ")" in sentence[opening:start] or len(sentence[opening + 1:q_start].split()) > 1
            or len(sentence[end:closing].split()) > 3):
        return None
    words: list[str] = []
    for word in reversed(sentence[:opening].split()):
        if any(c.isdigit() for c in word) or word in PHRASE_STOPS or word[-1] in ",;:.":
            break
        words.insert(0, word)
    return re.sub(r"^số lượng\s+", "", " ".join(words[-12:])) or None


def _clause_before(sentence: str, q_start: int) -> str:
    """The clause leading to a number; after "và" when it already holds another figure ("… và mức độ 1 là")."""
    text = sentence[:q_start]
    lists = [range(*m.span()) for m in ADMIN_LIST.finditer(text)]  # "15 huyện, thị xã, thành phố với …"
    clause = text[max((m.end() for m in CLAUSE_BREAK.finditer(text) if not any(m.start() in r for r in lists)),
                      default=0):]
    if any(c.isdigit() for c in clause):
        clause = re.split(r"\s(?:và|với)\s", clause)[-1]
    return _CLAUSE_TAIL.sub("", LEADING_NOISE.sub("", clause.strip()))


def indicator(sentence: str, number: re.Match[str], q_start: int, unit: str, phrase: str) -> str:
    """What is counted: "tỷ lệ …" before a percentage, the phrase after the number, or both joined when the
    phrase alone is only a noun ("cho 856 đơn vị" → "phương án … cho đơn vị")."""
    clause = _clause_before(sentence, q_start)
    if unit == "%" and (rate := _RATE.search(clause)):
        return rate.group(1)
    if paren := _before_parenthesis(sentence, number.start(), number.end(), q_start):
        return paren
    words = phrase.split()[len(unit.split()):] if unit in MEASURES else phrase.split()
    bare = not words or words[0] in PHRASE_STOPS or len(words) <= (2 if unit == "%" else len(unit.split()))
    if not (bare or _PREPOSITION_END.search(clause)) or not clause:
        return " ".join(words) or phrase
    lead, phrase_words = [w.replace("_", " ") for w in segment(clause)], len(segment(phrase))
    while lead and (len(lead) + phrase_words > 12 or len(" ".join(lead).split()) + len(words) > _MAX_SYLLABLES):
        lead.pop(0)
    return " ".join(lead + words)


def parse_number(written: str) -> float:
    """``1.758`` → 1758, ``99,81`` → 99.81 (Vietnamese separators)."""
    return float(written.replace(".", "").replace(",", "."))


def iso_date(day: str | int, month: str | int, year: str | int | None) -> str | None:
    d, m = int(day), int(month)
    if not (1 <= d <= 31 and 1 <= m <= 12) or not year:
        return None
    return f"{int(year):04d}-{m:02d}-{d:02d}"


def roles_in(text: str) -> list[tuple[int, str]]:
    """(offset, normalised role) for each event role named in ``text``, in order of appearance."""
    return [(m.start(), role) for m in _ROLE.finditer(text) if (role := ROLES[m.group().lower()])]
