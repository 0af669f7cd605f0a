import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { cn } from "./cn";

const CONTROL =
  "block rounded-md border-0 bg-white px-2.5 py-1.5 text-sm text-zinc-900 shadow-sm ring-1 ring-inset ring-zinc-300 placeholder:text-zinc-400 focus:ring-2 focus:ring-inset focus:ring-indigo-500 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700";
const INVALID = "ring-red-500 dark:ring-red-500";

/** Full width unless the caller sets a width (two width classes would fight over CSS order). */
const width = (className?: string) => (/(^|\s)(w-|max-w-)/.test(className ?? "") ? "" : "w-full");

export function Field({
  label,
  htmlFor,
  hint,
  errors,
  children,
}: {
  label: ReactNode;
  htmlFor?: string;
  hint?: ReactNode;
  errors?: string[];
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={htmlFor} className="block text-sm font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children}
      {hint && !errors?.length ? <p className="text-xs text-zinc-500">{hint}</p> : null}
      {errors?.map((e) => (
        <p key={e} className="text-xs text-red-600 dark:text-red-400" data-field-error>
          {e}
        </p>
      ))}
    </div>
  );
}

export function Input({ invalid, className, ...props }: InputHTMLAttributes<HTMLInputElement> & { invalid?: boolean }) {
  return <input className={cn(CONTROL, width(className), invalid && INVALID, className)} aria-invalid={invalid || undefined} {...props} />;
}

export function Textarea({ invalid, className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & { invalid?: boolean }) {
  return (
    <textarea
      className={cn(CONTROL, width(className), "font-mono text-xs leading-5", invalid && INVALID, className)}
      aria-invalid={invalid || undefined}
      {...props}
    />
  );
}

export function Select({ invalid, className, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { invalid?: boolean }) {
  return <select className={cn(CONTROL, width(className), "pr-8", invalid && INVALID, className)} aria-invalid={invalid || undefined} {...props} />;
}

export function Checkbox({ label, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode }) {
  return (
    <label className="inline-flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
      <input
        type="checkbox"
        className="size-4 rounded border-zinc-300 text-indigo-600 focus:ring-indigo-500 dark:border-zinc-600 dark:bg-zinc-900"
        {...props}
      />
      {label}
    </label>
  );
}
