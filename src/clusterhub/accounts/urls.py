from django.contrib.auth import views as auth_views
from django.urls import path

from clusterhub.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.AuditedPasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"), name="password_change_done"),
    path("profile/", views.profile, name="profile"),
    path("language/", views.language_update, name="language"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("my-data/", views.my_data, name="my_data"),
    path("delete/", views.delete_account, name="delete_account"),
    path("audit/", views.audit_log, name="audit_log"),
    path("locks/", views.sign_in_locks, name="sign_in_locks"),
    path("locks/<int:pk>/lift/", views.sign_in_lock_lift, name="sign_in_lock_lift"),
    path("audit/export.csv", views.audit_log_export, name="audit_log_export"),
]
