from django.apps import AppConfig


class TeachingConfig(AppConfig):
    name = "registrar.teaching"
    label = "teaching"
    verbose_name = "Teaching assignments"
