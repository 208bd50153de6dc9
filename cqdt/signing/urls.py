from django.urls import path

from cqdt.signing import views

app_name = "signing"

urlpatterns = [
    path("kiem-tra/", views.verify_page, name="verify"),
]
