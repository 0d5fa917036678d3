"""Texts of sign-in, roles and the import page's access (vi, en)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str] | dict[str, dict[str, str]]] = {
    "auth.sign_in_header": {"vi": "Đăng nhập", "en": "Sign in"},
    "auth.username": {"vi": "Tên đăng nhập", "en": "Username"},
    "auth.password": {"vi": "Mật khẩu", "en": "Password"},
    "auth.submit": {"vi": "Đăng nhập", "en": "Sign in"},
    # One message whatever was wrong: it must not tell which usernames exist.
    "auth.failed": {
        "vi": "Không đăng nhập được: tên đăng nhập hoặc mật khẩu không đúng.",
        "en": "Sign-in failed: wrong username or password.",
    },
    "auth.locked": {
        "vi": "Tên đăng nhập này tạm bị khoá vì đăng nhập sai nhiều lần. "
        "Hãy thử lại sau {count} phút.",
        "en": {
            "one": "This username is locked after too many failed sign-ins. "
            "Try again in {count} minute.",
            "other": "This username is locked after too many failed sign-ins. "
            "Try again in {count} minutes.",
        },
    },
    "auth.form_note": {
        "vi": "Trình duyệt này giữ đăng nhập trong {hours} giờ, kể cả khi tải lại trang; dùng máy "
        "chung thì nhớ đăng xuất.",
        "en": "This browser keeps you signed in for {hours} hours, page reloads included; on a "
        "shared computer, sign out when you are done.",
    },
    "auth.signed_in_as": {"vi": "Đã đăng nhập: **{name}**", "en": "Signed in: **{name}**"},
    "auth.role_viewer": {"vi": "Người xem", "en": "Viewer"},
    "auth.role_editor": {"vi": "Cán bộ nhập liệu", "en": "Editor"},
    "auth.role_admin": {"vi": "Quản trị viên", "en": "Administrator"},
    "auth.role_line": {"vi": "Vai trò: {role}", "en": "Role: {role}"},
    "auth.every_province": {"vi": "mọi tỉnh, thành phố", "en": "every province"},
    "auth.provinces_line": {"vi": "Tỉnh được nhập: {provinces}", "en": "Provinces: {provinces}"},
    "auth.sign_out": {"vi": "Đăng xuất", "en": "Sign out"},
    "auth.required_title": {
        "vi": "Đăng nhập để xem bảng điều khiển",
        "en": "Sign in to see the dashboard",
    },
    "auth.required_body": {
        "vi": "Máy chủ này chỉ mở cho người đã đăng nhập.",
        "en": "This server is open to signed-in users only.",
    },
    "auth.oidc_button": {
        "vi": "Đăng nhập bằng tài khoản của cơ quan",
        "en": "Sign in with your organisation's account",
    },
    "auth.oidc_unavailable": {
        "vi": "Chưa cấu hình đăng nhập qua nhà cung cấp định danh trên máy chủ này.",
        "en": "Sign-in through the identity provider is not set up on this server.",
    },
    # The import page, by role
    "auth.import_sign_in": {
        "vi": "Đăng nhập bằng tài khoản nhập liệu để tải tệp lên và nhập số liệu.",
        "en": "Sign in with an editor's account to upload and import data.",
    },
    "auth.import_viewer": {
        "vi": "Tài khoản {name} chỉ được xem, không được nhập số liệu. Hãy liên hệ quản trị "
        "viên nếu bạn cần quyền nhập liệu cho tỉnh của mình.",
        "en": "The account {name} may view but not import. Ask an administrator for an "
        "editor's role for your province.",
    },
    "auth.import_scope": {
        "vi": "Bạn nhập được số liệu của: {provinces}. Tệp có dòng của tỉnh khác sẽ bị từ "
        "chối toàn bộ.",
        "en": "You may import data of: {provinces}. A file with a row of another province is "
        "refused whole.",
    },
    "auth.import_scope_all": {
        "vi": "Bạn nhập được số liệu của mọi tỉnh, thành phố.",
        "en": "You may import data of every province.",
    },
    "auth.import_refused": {
        "vi": "Không nhập: tài khoản của bạn không có quyền nhập số liệu (hoặc đã đăng xuất, "
        "bị khoá). Không có gì được lưu.",
        "en": "Not imported: your account may not import data (or it was signed out or "
        "disabled). Nothing was stored.",
    },
    "auth.other_provinces": {
        "vi": "{count} dòng thuộc tỉnh ngoài quyền nhập của bạn (liệt kê bên dưới): tệp bị "
        "từ chối toàn bộ.",
        "en": {
            "one": "{count} row belongs to a province you may not import (listed below): the "
            "file is refused whole.",
            "other": "{count} rows belong to provinces you may not import (listed below): "
            "the file is refused whole.",
        },
    },
    "auth.log_sign_in": {
        "vi": "Nhật ký nhập hiện ra sau khi đăng nhập.",
        "en": "The import log is shown once you sign in.",
    },
}
