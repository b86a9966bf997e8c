from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "registrar.programmes"
    label = "programmes"
    verbose_name = "Programmes"
