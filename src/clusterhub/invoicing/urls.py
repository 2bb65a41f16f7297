from django.urls import path

from clusterhub.invoicing import views

app_name = "invoicing"
urlpatterns = [
    path("", views.index, name="index"),
    path("clusters/<int:pk>/", views.cluster_invoices, name="cluster"),
    path("clusters/<int:pk>/settings/", views.settings_edit, name="settings"),
    path("clusters/<int:pk>/generate/", views.generate, name="generate"),
    path("clusters/<int:pk>/reminders/", views.send_reminders, name="reminders"),
    path("clusters/<int:pk>/statements/", views.statement_upload, name="statement_upload"),
    path("clusters/<int:pk>/export/<int:year>.xlsx", views.export, name="export"),
    path("clusters/<int:pk>/members/<int:org>/billing/", views.billing_profile, name="billing_profile"),
    path("statements/<int:pk>/", views.statement_review, name="statement"),
    path("<int:pk>/", views.invoice_detail, name="invoice"),
    path("<int:pk>/delete/", views.delete_draft, name="delete_draft"),
    path("<int:pk>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("payments/<int:pk>/undo/", views.undo_payment, name="undo_payment"),
    path("organisations/<int:pk>/", views.organisation_invoices, name="organisation"),
]
