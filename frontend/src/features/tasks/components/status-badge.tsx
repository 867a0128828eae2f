import type { TaskStatus } from "@/types/api";

export function StatusBadge({ status }: { status: TaskStatus }) {
  return (
    <span className="status" data-status={status}>
      <span className="status__dot" aria-hidden="true" />
      {status}
    </span>
  );
}
