"""Sign-in through the operator's identity provider (OpenID Connect) (vi, en)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, object]] = {
    "oidc.sign_in_help": {
        "vi": "Mở trang đăng nhập của đơn vị; đăng nhập xong sẽ quay lại bản đồ.",
        "en": "Opens your organisation's sign-in page; you come back to the map afterwards.",
    },
    "oidc.unverified_email": {
        "vi": "Nhà cung cấp danh tính chưa xác minh địa chỉ thư {email} nên bạn chưa được đăng "
        "nhập vào bảng điều khiển.",
        "en": "The identity provider has not verified the address {email}, so you are not "
        "signed in to the dashboard.",
    },
    "oidc.refused": {
        "vi": "Không đăng nhập được với địa chỉ {email}: tài khoản này đã bị khoá trên bảng "
        "điều khiển. Hãy liên hệ quản trị viên.",
        "en": "Cannot sign in as {email}: this account is disabled on the dashboard. Contact "
        "the administrator.",
    },
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
