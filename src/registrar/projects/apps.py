from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "registrar.projects"
    label = "projects"
    verbose_name = "Research projects"
