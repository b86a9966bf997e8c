from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "registrar.people"
    label = "people"
    verbose_name = "People"
