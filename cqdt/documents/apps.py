from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cqdt.documents"
    label = "documents"
    verbose_name = "Quản lý văn bản và điều hành"
