// Labelled inputs for the destination form: every input has a visible label, an optional hint, and, when
// it is wrong, a message tied to it with aria-describedby and aria-invalid. Presentational only.
import type { ReactNode } from 'react';

interface Common {
  id: string;
  label: string;
  hint?: ReactNode;
  problem?: string | undefined;
  disabled?: boolean;
}

function describedBy(id: string, hint: unknown, problem: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, problem ? `${id}-problem` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Notes({ id, hint, problem }: { id: string; hint?: ReactNode; problem?: string | undefined }) {
  return (
    <>
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {problem && (
        <small id={`${id}-problem`} className="problem">
          {problem}
        </small>
      )}
    </>
  );
}

export function TextField(props: Common & { value: string; onChange(value: string): void; placeholder?: string; type?: 'text' | 'password' | 'url'; readOnly?: boolean; autoComplete?: string }) {
  const { id, label, hint, problem, value, onChange, disabled, placeholder, type = 'text', readOnly, autoComplete = 'off' } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        readOnly={readOnly}
        autoComplete={autoComplete}
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy(id, hint, problem)}
        onChange={(e) => onChange(e.target.value)}
      />
      <Notes id={id} hint={hint} problem={problem} />
    </div>
  );
}

export function SelectField<T extends string>(props: Common & { value: T; options: ReadonlyArray<{ value: T; label: string }>; onChange(value: T): void }) {
  const { id, label, hint, problem, value, options, onChange, disabled } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy(id, hint, problem)}
        onChange={(e) => onChange(e.target.value as T)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Notes id={id} hint={hint} problem={problem} />
    </div>
  );
}

export function CheckField(props: Common & { checked: boolean; onChange(checked: boolean): void }) {
  const { id, label, hint, checked, onChange, disabled } = props;
  return (
    <div className="field check">
      <input id={id} type="checkbox" checked={checked} disabled={disabled} aria-describedby={describedBy(id, hint, undefined)} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
      <Notes id={id} hint={hint} />
    </div>
  );
}
