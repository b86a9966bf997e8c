from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "registrar.claims"
    label = "claims"
    verbose_name = "Mitigating circumstances"
