"""Sign-in through the operator's identity provider (OpenID Connect) (vi, en)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, object]] = {
    "oidc.heading": {"vi": "Tài khoản", "en": "Account"},
    "oidc.sign_in": {
        "vi": "Đăng nhập qua nhà cung cấp danh tính",
        "en": "Sign in with the identity provider",
    },
    "oidc.sign_in_help": {
        "vi": "Mở trang đăng nhập của đơn vị; đăng nhập xong sẽ quay lại bản đồ.",
        "en": "Opens your organisation's sign-in page; you come back to the map afterwards.",
    },
    "oidc.signed_in_as": {"vi": "Đã đăng nhập: **{name}**", "en": "Signed in: **{name}**"},
    "oidc.unverified_email": {
        "vi": "Nhà cung cấp danh tính chưa xác minh địa chỉ thư {email}: bạn chỉ được xem.",
        "en": "The identity provider has not verified the address {email}: you may only view.",
    },
    "oidc.sign_out": {"vi": "Đăng xuất", "en": "Sign out"},
    "oidc.unreachable": {
        "vi": "Không kết nối được với nhà cung cấp danh tính ({host}) nên chưa thể đăng nhập. "
        "Hãy thử lại sau ít phút; nếu vẫn lỗi, hãy báo cho quản trị viên.",
        "en": "The identity provider ({host}) cannot be reached, so signing in is not possible "
        "now. Try again in a few minutes; if it still fails, tell the administrator.",
    },
    "oidc.misconfigured": {
        "vi": "Đăng nhập qua nhà cung cấp danh tính chưa được cấu hình đúng trên máy chủ. "
        "Hãy báo cho quản trị viên.",
        "en": "Sign-in with the identity provider is not set up correctly on the server. "
        "Tell the administrator.",
    },
}
