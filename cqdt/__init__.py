"""CQĐT — nền tảng chính quyền điện tử cấp tỉnh."""
