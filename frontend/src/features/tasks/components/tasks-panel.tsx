import { useState } from "react";
import { Alert } from "@/components/alert";
import { Pager, pageCountOf } from "@/components/pager";
import { Panel } from "@/components/panel";
import type { Task } from "@/types/api";
import { TASK_PAGE_SIZE, useTasks } from "../api/get-tasks";
import { useFinishedTasks } from "../api/use-finished-tasks";
import { useRecordedResults } from "../api/use-recorded-results";
import { TaskItem } from "./task-item";
import styles from "./tasks-panel.module.css";

type TasksPanelProps = {
  onTaskFinished?: (task: Task) => void;
  /** A running task has stored the results of more photos. */
  onResultsRecorded?: (task: Task) => void;
};

export function TasksPanel({ onTaskFinished, onResultsRecorded }: TasksPanelProps) {
  const [page, setPage] = useState(1);
  const tasks = useTasks(page);
  useFinishedTasks(tasks.data?.results, onTaskFinished);
  useRecordedResults(tasks.data?.results, onResultsRecorded);
  const showNewest = () => setPage(1); // where a task just started shows

  return (
    <Panel title="Tasks">
      {tasks.isError && <Alert error={tasks.error} />}
      {tasks.isPending && <p className="muted">Loading tasks…</p>}
      {tasks.data?.results.length === 0 && (
        <p className="muted">No tasks yet. Select photos and run detection; its progress shows up here.</p>
      )}
      {tasks.data && tasks.data.results.length > 0 && (
        <ul className={styles.list} aria-label="Task list">
          {tasks.data.results.map((task) => (
            <TaskItem key={task.id} task={task} onRetried={showNewest} />
          ))}
        </ul>
      )}
      {tasks.data && (
        <Pager
          label="Task pages"
          page={page}
          pageCount={pageCountOf(tasks.data.count, TASK_PAGE_SIZE)}
          hasPrevious={Boolean(tasks.data.previous)}
          hasNext={Boolean(tasks.data.next)}
          onPageChange={setPage}
          previousText="Newer"
          nextText="Older"
          size="small"
        />
      )}
    </Panel>
  );
}
