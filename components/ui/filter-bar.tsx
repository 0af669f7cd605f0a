import { Search } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "./cn";

/**
 * The row of filters above a list: a search box, selects (use ui/field's Select with a width class)
 * and toggles, with the same spacing and control sizes on every page. No outer margin: the page places it.
 */
export function FilterBar({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn("flex flex-wrap items-center gap-3", className)}>{children}</div>;
}

/** A search box for a FilterBar; `label` is its accessible name. */
export function SearchInput({
  value,
  onChange,
  label,
  placeholder,
  className,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  placeholder?: string;
  className?: string;
}) {
  return (
    <div className={cn("relative w-full max-w-xs", className)}>
      <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
      <input
        type="search"
        placeholder={placeholder ?? "Filter…"}
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="w-full rounded-md border-0 bg-white py-1.5 pl-8 pr-3 text-sm shadow-sm ring-1 ring-inset ring-zinc-300 placeholder:text-zinc-400 focus:ring-2 focus:ring-inset focus:ring-indigo-500 dark:bg-zinc-900 dark:ring-zinc-700"
      />
    </div>
  );
}
