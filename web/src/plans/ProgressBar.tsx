import { formatPercent } from '../format';

/** A bar from 0 to 1, with its label; `testId` lets the browser tests read it. */
export function ProgressBar({ ratio, label, testId }: { ratio: number; label: string; testId?: string }) {
  const value = Math.max(0, Math.min(1, ratio));
  return (
    <div className="progress" data-testid={testId}>
      <div
        className="progress-track" role="progressbar" aria-label={label}
        aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(value * 100)}
      >
        <div className="progress-fill" style={{ width: `${value * 100}%` }} />
      </div>
      <span className="progress-label">{label} {formatPercent(value)}</span>
    </div>
  );
}
