"""The server's own words, in Vietnamese (default) and English, chosen by the request's Accept-Language.

The PWA carries its own catalogues; the server speaks only in error messages. marshmallow writes its
validation messages in English, so they are translated here from a table of its message templates: a field
that fails keeps marshmallow's logic and gets a Vietnamese sentence a commune officer reads naturally.
"""
import re

from flask import has_request_context, request

LANGUAGES = ("vi", "en")

MESSAGES = {
    "bad_request": ("Yêu cầu không hợp lệ.", "The request is not valid."),
    "invalid_json": ("Dữ liệu gửi lên không phải JSON hợp lệ.", "The request body is not valid JSON."),
    "json_object_expected": ("Dữ liệu gửi lên phải là một đối tượng JSON.", "The request body must be a JSON object."),
    "json_too_deep": (
        "Dữ liệu gửi lên lồng nhau quá nhiều tầng.",
        "The request body is nested too deeply.",
    ),
    "unsupported_media_type": (
        "Dữ liệu phải được gửi dưới dạng application/json.",
        "The request body must be sent as application/json.",
    ),
    "payload_too_large": ("Dữ liệu gửi lên quá lớn.", "The request body is too large."),
    "validation_failed": ("Một số thông tin chưa hợp lệ, vui lòng kiểm tra lại.", "Some fields are not valid."),
    "unauthenticated": ("Vui lòng đăng nhập.", "Please log in."),
    "forbidden": ("Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this."),
    "csrf_failed": (
        "Phiên làm việc không khớp, vui lòng tải lại trang và thử lại.",
        "The request could not be verified; reload the page and try again.",
    ),
    "password_change_required": (
        "Vui lòng đổi mật khẩu tạm thời trước khi tiếp tục.",
        "Please replace your temporary password before going on.",
    ),
    "version_conflict": (
        "Hồ sơ đã được người khác sửa trong lúc bạn làm việc. Hãy xem hai phiên bản và chọn giữ lại.",
        "Someone else changed this record while you worked on it. Compare both versions and choose.",
    ),
    "consent_required": (
        "Người bị bạo lực chưa đồng ý chia sẻ thông tin với cơ sở dịch vụ, nên chưa thể chuyển gửi.",
        "The survivor has not consented to sharing with services, so no referral can be made.",
    ),
    "case_closed": ("Hồ sơ đã đóng. Hãy mở lại hồ sơ trước khi thay đổi.", "The case is closed; reopen it first."),
    "invalid_transition": (
        "Không thể thực hiện bước này ở trạng thái hiện tại của chuyển gửi.",
        "This step is not possible in the referral's current state.",
    ),
    "no_capacity": (
        "Nơi tạm lánh không còn đủ chỗ cho yêu cầu này.",
        "The shelter no longer has enough free beds for this request.",
    ),
    "id_taken": ("Mã định danh này đã được dùng cho một hồ sơ khác.", "This id is already used by another record."),
    "not_found": ("Không tìm thấy.", "Not found."),
    "method_not_allowed": ("Phương thức không được hỗ trợ.", "Method not allowed."),
    "conflict": ("Dữ liệu đã bị thay đổi hoặc đã tồn tại.", "The data changed or already exists."),
    "internal_error": ("Đã có lỗi phía máy chủ. Dữ liệu của bạn không bị mất.", "Server error. Nothing was lost."),
    "database_unavailable": (
        "Máy chủ tạm thời chưa truy cập được dữ liệu. Vui lòng thử lại sau ít phút; "
        "những gì chưa gửi vẫn được giữ trên máy của bạn.",
        "The server cannot reach its data right now. Please try again in a moment; "
        "what you have not sent stays on your device.",
    ),
    "invalid_credentials": (
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "The username or password is incorrect.",
    ),
    "too_many_attempts": (
        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.",
        "Too many failed attempts. Please try again in a few minutes.",
    ),
    "username_taken": ("Tên đăng nhập này đã được dùng.", "This username is already taken."),
    "rate_limited": (
        "Bạn đã gửi quá nhiều yêu cầu. Vui lòng đợi một lát rồi thử lại.",
        "Too many requests. Please wait a little and try again.",
    ),
    # reports: records
    "institution_exists": (
        "Xã/phường đã có cơ sở này trong danh sách (cùng loại, cùng tên).",
        "This ward already lists this institution (same kind, same name).",
    ),
}

# marshmallow's English templates (fields and validators) and the Vietnamese for each. {…} are kept.
_VALIDATION_VI = [
    ("Missing data for required field.", "Bắt buộc phải nhập."),
    ("Field may not be null.", "Không được để trống."),
    ("Unknown field.", "Trường này không được chấp nhận."),
    ("Not a valid string.", "Phải là chuỗi ký tự."),
    ("Not a valid integer.", "Phải là số nguyên."),
    ("Not a valid number.", "Phải là số."),
    ("Not a valid boolean.", "Phải là đúng hoặc sai."),
    ("Not a valid UUID.", "Mã định danh (UUID) không hợp lệ."),
    ("Not a valid datetime.", "Ngày giờ không hợp lệ."),
    ("Not a valid date.", "Ngày không hợp lệ."),
    ("Not a valid email address.", "Địa chỉ email không hợp lệ."),
    ("Not a valid list.", "Phải là một danh sách."),
    ("Not a valid mapping type.", "Phải là một đối tượng."),
    ("Invalid input type.", "Kiểu dữ liệu không hợp lệ."),
    ("Invalid value.", "Giá trị không hợp lệ."),
    ("Shorter than minimum length {min}.", "Phải có ít nhất {min} ký tự."),
    ("Longer than maximum length {max}.", "Không được dài quá {max} ký tự."),
    ("Length must be between {min} and {max}.", "Độ dài phải từ {min} đến {max} ký tự."),
    ("Length must be {equal}.", "Độ dài phải đúng {equal} ký tự."),
    ("Must be greater than or equal to {min}.", "Phải lớn hơn hoặc bằng {min}."),
    ("Must be less than or equal to {max}.", "Phải nhỏ hơn hoặc bằng {max}."),
    ("Must be greater than or equal to {min} and less than or equal to {max}.", "Phải từ {min} đến {max}."),
    ("Must be one of: {choices}.", "Phải là một trong các giá trị: {choices}."),
    ("String does not match expected pattern.", "Không đúng định dạng."),
    # Messages raised by Bình An's own validators.
    ("Use lowercase letters, digits, dots, hyphens and underscores.",
     "Chỉ dùng chữ thường không dấu, số, dấu chấm, gạch ngang và gạch dưới."),
    ("This role needs a ward.", "Vai trò này cần chọn xã/phường."),
    ("This role has no ward.", "Vai trò này không gắn với xã/phường."),
    ("This role needs an organisation.", "Vai trò này cần chọn tổ chức."),
    ("This role has no organisation.", "Vai trò này không gắn với tổ chức."),
    ("No ward has this code.", "Không có xã/phường nào mang mã này."),
    ("No organisation has this id.", "Không có tổ chức nào mang mã này."),
    ("Ward officers create collaborators of their own ward only.",
     "Cán bộ xã/phường chỉ tạo được cộng tác viên của xã/phường mình."),
    ("Contains a character that is not allowed.", "Có ký tự không được phép."),
    ("Must not be blank.", "Không được để trống."),
    ("At most {max} items.", "Tối đa {max} mục."),
    ("The date is too far in the past.", "Ngày quá xa trong quá khứ."),
    ("The date is too far in the future.", "Ngày quá xa trong tương lai."),
    ("Not a valid phone number.", "Số điện thoại không hợp lệ."),
    ("Use digits only, 3 to 15 of them.", "Chỉ gồm chữ số, từ 3 đến 15 chữ số."),
    ("A verified line needs a number.", "Đường dây đã xác nhận phải có số điện thoại."),
    ("Another line has this number.", "Số này đã thuộc một đường dây khác."),
    ("No shelter has this id.", "Không có nơi tạm lánh nào mang mã này."),
    ("No shelter of the referral's organisation has this id.",
     "Tổ chức được chuyển gửi không có nơi tạm lánh nào mang mã này."),
    ("Only a shelter referral can ask for a bed.", "Chỉ chuyển gửi đến nơi tạm lánh mới gửi được yêu cầu chỗ ở."),
    ("The date cannot be in the future.", "Ngày không được ở tương lai."),
    ("The incident cannot come after the report.", "Ngày xảy ra không được sau ngày tiếp nhận."),
    ("Not a valid aware datetime.", "Ngày giờ phải kèm múi giờ."),
    ("Not a valid collaborator of this ward.", "Không phải cộng tác viên đang hoạt động của xã/phường này."),
    ("This organisation does not give this service.", "Tổ chức này không cung cấp dịch vụ đã chọn."),
    ("At most {max} operations in one batch.", "Tối đa {max} thao tác trong một lần gửi."),
    ("The current password is incorrect.", "Mật khẩu hiện tại không đúng."),
    ("The password must not be the username.", "Mật khẩu không được trùng với tên đăng nhập."),
    ("An organisation with this name exists.", "Đã có tổ chức mang tên này."),
    ("This username is already taken.", "Tên đăng nhập này đã được dùng."),
    ("The new password must differ from the current one.", "Mật khẩu mới phải khác mật khẩu hiện tại."),
    ("The address must start with https://.", "Địa chỉ phải bắt đầu bằng https://."),
    ("Not a valid push subscription key.", "Khoá đăng ký nhận thông báo không hợp lệ."),
    ("Work reminders are for signed-in staff.", "Nhắc việc chỉ dành cho cán bộ đã đăng nhập."),
    ("Choose at least one topic.", "Hãy chọn ít nhất một loại nhắc nhở."),
    ("The end cannot come before the start.", "Ngày kết thúc không được trước ngày bắt đầu."),
    ("Choose at least one audience.", "Hãy chọn ít nhất một nhóm người nhận."),
    ("Each value must be unique.", "Các giá trị không được trùng nhau."),
    ("A phone number is needed for this way of contact.", "Cần số điện thoại để liên hệ theo cách này."),
    ("Closing needs an outcome.", "Cần chọn kết quả khi đóng yêu cầu."),
    ("An outcome is given only when closing.", "Chỉ ghi kết quả khi đóng yêu cầu."),
    ("No case of your ward has this id.", "Không có hồ sơ nào của xã/phường mình mang mã này."),
    # reports: records
    ("This ward already has an institution of this kind with this name.",
     "Xã/phường đã có một cơ sở cùng loại mang tên này."),
    ("A date is given only when there is a policy.",
     "Chỉ ghi ngày ban hành khi cơ sở đã có quy trình hoặc quy định."),
    ("Each attendee must be an active collaborator or ward officer of the training's ward.",
     "Người tham dự phải là cộng tác viên hoặc cán bộ đang hoạt động của xã/phường tổ chức tập huấn."),
    ("Each attendee must be an active collaborator or ward officer.",
     "Người tham dự phải là cộng tác viên hoặc cán bộ xã/phường đang hoạt động."),
    ("Fewer than the attendees named with this role ({count}).",
     "Ít hơn số người tham dự đã chọn thuộc vai trò này ({count} người)."),
    ("No campaign has this id.", "Không có chiến dịch nào mang mã này."),
    # reports: figures and the annual report
    ("The plan's reports start in 2026.", "Báo cáo theo kế hoạch bắt đầu từ năm 2026."),
    ("The year has not begun.", "Năm này chưa bắt đầu, chưa thể nộp báo cáo."),
    ("Choose a ward.", "Hãy chọn xã, phường."),
]


def _template_regex(template):
    pattern = re.escape(template)
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", pattern)
    return re.compile(f"^{pattern}$")


# Longest template first: "Must be greater than or equal to {min} and less than or equal to {max}." must
# not be taken by the shorter "Must be greater than or equal to {min}." with the rest swallowed by {min}.
_VALIDATION_PATTERNS = [(_template_regex(en), vi) for en, vi in sorted(_VALIDATION_VI, key=lambda p: -len(p[0]))]


def request_language():
    """The first of vi/en named in Accept-Language; Vietnamese when neither is, or outside a request."""
    if not has_request_context():
        return "vi"
    return request.accept_languages.best_match(LANGUAGES, default="vi") or "vi"


def message(code, language=None):
    vi, en = MESSAGES[code]
    return en if (language or request_language()) == "en" else vi


def translate_validation(text, language=None):
    """marshmallow's English message in the request's language; unknown messages pass unchanged."""
    if (language or request_language()) == "en":
        return text
    for pattern, vi in _VALIDATION_PATTERNS:
        match = pattern.match(text)
        if match:
            return vi.format(**match.groupdict())
    return text


def translate_field_errors(errors, language=None):
    """marshmallow's nested error dict with every message translated, keys unchanged."""
    if isinstance(errors, dict):
        return {key: translate_field_errors(value, language) for key, value in errors.items()}
    if isinstance(errors, list):
        return [translate_field_errors(item, language) for item in errors]
    return translate_validation(str(errors), language)
