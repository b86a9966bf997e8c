from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "registrar.boards"
    label = "boards"
    verbose_name = "Exam boards"
