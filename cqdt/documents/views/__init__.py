"""The HTML workspace of the documents app; the project includes `cqdt.documents.urls` at /van-ban/."""
