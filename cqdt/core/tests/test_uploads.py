from cqdt.core.uploads import _size_label


def test_upload_limits_read_naturally():
    assert [_size_label(n) for n in (1024, 512, 20 * 1024 * 1024, 1536 * 1024)] == [
        "1 KB",
        "1 KB",
        "20 MB",
        "1,5 MB",
    ]
