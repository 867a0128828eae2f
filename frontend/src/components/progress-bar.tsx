type ProgressBarProps = {
  /** 0..100 */
  value: number;
  /** Names the bar for assistive technology, e.g. "detect task progress". */
  label: string;
  /** Colours the bar; matches a task status or "upload". */
  tone?: string;
};

export function ProgressBar({ value, label, tone = "neutral" }: ProgressBarProps) {
  const percent = Math.min(100, Math.max(0, Math.floor(value)));
  return (
    <div className="progress" data-tone={tone}>
      <div
        className="progress__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="progress__fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="progress__percent" aria-hidden="true">
        {percent}%
      </span>
    </div>
  );
}
