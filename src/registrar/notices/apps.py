from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "registrar.notices"
    label = "notices"
    verbose_name = "Notices"
