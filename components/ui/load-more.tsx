"use client";

// The footer of a list paged by the server: "Load more" while there is more.
import type { UseInfiniteQueryResult } from "@tanstack/react-query";
import { Button } from "./button";

export function LoadMore({ query }: { query: Pick<UseInfiniteQueryResult, "hasNextPage" | "fetchNextPage" | "isFetchingNextPage"> }) {
  if (!query.hasNextPage) return null;
  return (
    <div className="border-t border-zinc-200 p-2 text-center dark:border-zinc-800">
      <Button variant="ghost" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
        {query.isFetchingNextPage ? "Loading…" : "Load more"}
      </Button>
    </div>
  );
}
