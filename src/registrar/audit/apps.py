from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "registrar.audit"
    label = "audit"
    verbose_name = "Audit ledger"
