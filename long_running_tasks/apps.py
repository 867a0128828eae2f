from django.apps import AppConfig


class LongRunningTasksConfig(AppConfig):
    name = "long_running_tasks"
    verbose_name = "Long running tasks"
