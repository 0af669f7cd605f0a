import Link from "next/link";

export default function NotFound() {
  return (
    <div className="flex min-h-[60vh] flex-col items-center justify-center gap-3 text-center">
      <p className="text-5xl font-semibold text-zinc-300 dark:text-zinc-700">404</p>
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="max-w-sm text-sm text-zinc-500">It doesn&apos;t exist, or you don&apos;t have access to it.</p>
      <Link href="/" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
        Back to the overview
      </Link>
    </div>
  );
}
