"""The plan's indicators: one definition each, with its target, unit, source and formula, and how a ward's
and the city's value is worked out from the raw figures (server.reports.figures).

An indicator whose data does not exist yet (no case counted, no school recorded) is "no data", never 0%:
a made-up zero would tell Sở Nội vụ a ward failed when it simply has not reported.
"""
from dataclasses import dataclass

WARDS_IN_CITY = 103


@dataclass(frozen=True)
class Indicator:
    code: str
    target: str  # the plan's target letter: a, b, c, d, đ
    unit: str  # "percent" or "count"
    ward_target: float | None  # None: measured for the city only
    city_target: float
    title: tuple  # (vi, en)
    formula: tuple
    source: tuple

    def text(self, language):
        pick = 0 if language == "vi" else 1
        return {"title": self.title[pick], "formula": self.formula[pick], "source": self.source[pick]}


REGISTRY = (
    Indicator(
        "a_survivors_served", "a", "percent", 100, 100,
        ("Người bị bạo lực được tiếp cận ít nhất một dịch vụ hỗ trợ",
         "Survivors who received at least one support service"),
        ("Số hồ sơ có ít nhất một chuyển gửi hoàn thành thành công / số hồ sơ được thống kê trong năm",
         "Cases with at least one referral done successfully / cases counted in the year"),
        ("Hồ sơ và chuyển gửi trong Bình An (chỉ hồ sơ đồng ý thống kê, không tính hồ sơ đã được cơ quan khác báo cáo)",
         "Cases and referrals in Bình An (only cases consenting to statistics, none counted by another organisation)"),
    ),
    Indicator(
        "a_ward_shelters", "a", "count", 1, WARDS_IN_CITY,
        ("Xã, phường có ít nhất một nơi tạm lánh cộng đồng", "Wards with at least one community shelter"),
        ("Phường/xã: số nơi tạm lánh cộng đồng đang hoạt động; thành phố: số xã, phường có ít nhất một nơi",
         "Ward: active community shelters; city: wards with at least one"),
        ("Danh bạ nơi tạm lánh (không tính dữ liệu minh hoạ)", "The shelter registry (demo entries excluded)"),
    ),
    Indicator(
        "a_city_shelters", "a", "count", None, 5,
        ("Nhà tạm lánh của thành phố đạt chuẩn", "Standardised city shelters"),
        ("Số nhà tạm lánh cấp thành phố đạt chuẩn đang hoạt động", "Active standardised city-level shelters"),
        ("Danh bạ nơi tạm lánh (không tính dữ liệu minh hoạ)", "The shelter registry (demo entries excluded)"),
    ),
    Indicator(
        "b_coordination", "b", "percent", 100, 60,
        ("Xã, phường có cơ chế phối hợp liên ngành", "Wards with an inter-agency coordination mechanism"),
        ("Số xã, phường có văn bản thành lập cơ chế phối hợp (đến hết năm) / 103",
         "Wards with a document setting up the mechanism (by the end of the year) / 103"),
        ("Do xã, phường nhập (số và ngày văn bản)", "Entered by the ward (document number and date)"),
    ),
    Indicator(
        "c_online_intake", "c", "percent", 100, 100,
        ("Xã, phường tiếp nhận tin báo trực tuyến hoặc bằng công nghệ thông tin",
         "Wards taking reports online or with IT"),
        ("Số xã, phường có hồ sơ ghi trong Bình An hoặc đã xử lý yêu cầu trợ giúp trực tuyến trong năm / 103",
         "Wards that recorded a case in Bình An or took up an online help request in the year / 103"),
        ("Việc sử dụng thực tế của Bình An", "Actual use of Bình An"),
    ),
    Indicator(
        "d_schools", "d", "percent", 100, 100,
        ("Trường học có quy trình phòng, chống bạo lực trên cơ sở giới", "Schools with a GBV procedure"),
        ("Số trường có quy trình / số trường xã, phường đã nhập", "Schools with a procedure / schools recorded"),
        ("Do xã, phường nhập", "Entered by the ward"),
    ),
    Indicator(
        "d_businesses", "d", "percent", 100, 100,
        ("Doanh nghiệp có quy định phòng, chống quấy rối", "Businesses with anti-harassment rules"),
        ("Số doanh nghiệp có quy định / số doanh nghiệp xã, phường đã nhập",
         "Businesses with rules / businesses recorded"),
        ("Do xã, phường nhập", "Entered by the ward"),
    ),
    Indicator(
        "e_trained", "đ", "percent", 80, 80,
        ("Cán bộ, cộng tác viên được tập huấn", "Staff and collaborators trained"),
        ("Số tài khoản cán bộ xã, phường và cộng tác viên đang hoạt động đã dự tập huấn từ 2026 / tổng số",
         "Active ward officer and collaborator accounts that attended a training since 2026 / all of them"),
        ("Danh sách dự tập huấn do xã, phường nhập; tài khoản trong Bình An",
         "Attendance entered by the ward; accounts in Bình An"),
    ),
)
BY_CODE = {indicator.code: indicator for indicator in REGISTRY}


def _ratio(numerator, denominator):
    return None if not denominator else round(100 * numerator / denominator, 1)


def ward_measures(cases, facts):
    """{code: (numerator, denominator, value)} for one ward, exact; value None means no data."""
    schools, businesses = facts["schools"], facts["businesses"]
    has_mechanism = facts["mechanism"] is not None
    return {
        "a_survivors_served": (cases["served"], cases["total"], _ratio(cases["served"], cases["total"])),
        "a_ward_shelters": (facts["community_shelters"], None, facts["community_shelters"]),
        # A ward that has entered nothing has not said it has no mechanism: no data, not "no".
        "b_coordination": (1 if has_mechanism else None, 1, 100.0 if has_mechanism else None),
        "c_online_intake": (int(facts["intake_used"]), 1, 100.0 if facts["intake_used"] else 0.0),
        "d_schools": (schools["with_policy"], schools["total"], _ratio(schools["with_policy"], schools["total"])),
        "d_businesses": (businesses["with_policy"], businesses["total"],
                         _ratio(businesses["with_policy"], businesses["total"])),
        "e_trained": (facts["trained"], facts["staff"], _ratio(facts["trained"], facts["staff"])),
    }


def status(value, target):
    if value is None:
        return "no_data"
    return "met" if value >= target else "not_met"


def ward_statuses(measures):
    return {code: status(value, BY_CODE[code].ward_target) for code, (_n, _d, value) in measures.items()}


def city_measures(rows, city_facts):
    """{code: (numerator, denominator, value, wards meeting)} for the city, from every ward's exact
    measures (``rows``: {ward code: measures}) and what belongs to the city."""
    statuses = {code: ward_statuses(measures) for code, measures in rows.items()}

    def meeting(code):
        return sum(1 for ward in statuses.values() if ward[code] == "met")

    def summed(code, part):
        return sum(measures[code][part] or 0 for measures in rows.values())

    def entered(code):
        return any(measures[code][2] is not None for measures in rows.values())

    answers = {}
    for code in ("a_survivors_served", "d_schools", "d_businesses", "e_trained"):
        numerator, denominator = summed(code, 0), summed(code, 1)
        answers[code] = (numerator, denominator, _ratio(numerator, denominator), meeting(code))
    with_shelter = meeting("a_ward_shelters")
    answers["a_ward_shelters"] = (with_shelter, WARDS_IN_CITY, with_shelter, with_shelter)
    standardised = city_facts["standardised_city_shelters"]
    answers["a_city_shelters"] = (standardised, None, standardised, None)
    for code in ("b_coordination", "c_online_intake"):
        count = meeting(code)
        value = _ratio(count, WARDS_IN_CITY) if entered(code) else None
        answers[code] = (count, WARDS_IN_CITY, value, count)
    return answers
