from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "registrar.web"
    label = "web"
    verbose_name = "Registrar pages"
