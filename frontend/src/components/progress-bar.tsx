import styles from "./progress-bar.module.css";

type ProgressBarProps = {
  /** 0..100 */
  value: number;
  /** Names the bar for assistive technology, e.g. "detect task progress". */
  label: string;
  /** Colours the bar; matches a task status or "upload". */
  tone?: string;
  /** The caller's own class for the bar, for its place in a layout. */
  className?: string;
};

export function ProgressBar({ value, label, tone = "neutral", className }: ProgressBarProps) {
  const percent = Math.min(100, Math.max(0, Math.floor(value)));
  return (
    <div className={className ? `${styles.progress} ${className}` : styles.progress} data-tone={tone}>
      <div
        className={styles.track}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className={styles.fill} style={{ width: `${percent}%` }} />
      </div>
      <span className={styles.percent} aria-hidden="true">
        {percent}%
      </span>
    </div>
  );
}
