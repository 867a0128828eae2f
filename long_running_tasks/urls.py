from django.urls import path

from core.api.routing import slash_optional

from . import views

urlpatterns = [
    *slash_optional("task-types/", views.TaskTypeListView.as_view(), "task-type-list"),
    *slash_optional("tasks/", views.TaskListView.as_view(), "task-list"),
    *slash_optional("tasks/<uuid:task_id>/", views.TaskDetailView.as_view(), "task-detail"),
    path("tasks/<uuid:task_id>/results", views.TaskResultsView.as_view(), name="task-results"),
    path("tasks/<uuid:task_id>/events", views.TaskEventsView.as_view(), name="task-events"),
    path("tasks/<uuid:task_id>/pause", views.task_pause, name="task-pause"),
    path("tasks/<uuid:task_id>/resume", views.task_resume, name="task-resume"),
    path("tasks/<uuid:task_id>/retry", views.task_retry, name="task-retry"),
    *slash_optional("tasks/<slug:task_type>/", views.TaskSubmitView.as_view(), "task-submit"),
]
