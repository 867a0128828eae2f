import { useState } from "react";
import { Alert } from "@/components/alert";
import type { Task } from "@/types/api";
import { useTasks } from "../api/get-tasks";
import { useFinishedTasks } from "../api/use-finished-tasks";
import { TaskItem } from "./task-item";

type TasksPanelProps = { onTaskFinished?: (task: Task) => void };

export function TasksPanel({ onTaskFinished }: TasksPanelProps) {
  const [page, setPage] = useState(1);
  const tasks = useTasks(page);
  useFinishedTasks(tasks.data?.results, onTaskFinished);

  return (
    <section className="panel tasks" aria-labelledby="tasks-heading">
      <header className="panel__header">
        <h2 id="tasks-heading" className="panel__title">
          Tasks
        </h2>
      </header>
      {tasks.isError && <Alert error={tasks.error} />}
      {tasks.isPending && <p className="muted">Loading tasks…</p>}
      {tasks.data?.results.length === 0 && (
        <p className="muted">No tasks yet. Select photos and run detection; its progress shows up here.</p>
      )}
      {tasks.data && tasks.data.results.length > 0 && (
        <ul className="tasks__list" aria-label="Task list">
          {tasks.data.results.map((task) => (
            <TaskItem key={task.id} task={task} />
          ))}
        </ul>
      )}
      {tasks.data && (tasks.data.next || tasks.data.previous) && (
        <nav className="pager" aria-label="Task pages">
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={!tasks.data.previous}
            onClick={() => setPage(page - 1)}
          >
            Newer
          </button>
          <span className="pager__page">Page {page}</span>
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={!tasks.data.next}
            onClick={() => setPage(page + 1)}
          >
            Older
          </button>
        </nav>
      )}
    </section>
  );
}
