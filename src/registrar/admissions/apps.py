from django.apps import AppConfig


class AdmissionsConfig(AppConfig):
    name = "registrar.admissions"
    label = "admissions"
    verbose_name = "Admissions"
