"""Sign-in and sign-out for staff (Django's auth views); the project includes this module at the root."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            redirect_authenticated_user=True,
            next_page=reverse_lazy("dossiers:inbox"),
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page=reverse_lazy("login")), name="logout"),
]
