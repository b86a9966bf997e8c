from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "registrar.registrations"
    label = "registrations"
    verbose_name = "Registrations"
