// The one way the UI changes something: TanStack's mutation plus what every form repeated by
// hand (field errors from the API's 400, a toast naming what failed, and the invalidations
// that make the lists and details show the change).
"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { toast } from "sonner";
import { ApiError, errorMessage, type FieldErrors } from "./api";

export interface ApiMutationOptions<TData, TVariables> {
  mutationFn: (variables: TVariables) => Promise<TData>;
  /** Query keys to invalidate (by prefix) after success, fixed or from the result. */
  invalidate?: readonly QueryKey[] | ((data: TData, variables: TVariables) => readonly QueryKey[]);
  /** Runs after success, before the invalidations (so a setQueryData is refetched over, not under). */
  onSuccess?: (data: TData, variables: TVariables) => void;
  successToast?: string | ((data: TData, variables: TVariables) => string);
  /** Runs on failure, before the error toast; field errors are already set. */
  onError?: (error: unknown, variables: TVariables) => void;
}

export function useApiMutation<TData = unknown, TVariables = void>(options: ApiMutationOptions<TData, TVariables>) {
  const queryClient = useQueryClient();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const mutation = useMutation<TData, unknown, TVariables>({
    mutationFn: options.mutationFn,
    onSuccess: (data, variables) => {
      setFieldErrors({});
      options.onSuccess?.(data, variables);
      const keys = typeof options.invalidate === "function" ? options.invalidate(data, variables) : (options.invalidate ?? []);
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
      const message = typeof options.successToast === "function" ? options.successToast(data, variables) : options.successToast;
      if (message) toast.success(message);
    },
    onError: (error, variables) => {
      setFieldErrors(error instanceof ApiError ? error.fields : {});
      options.onError?.(error, variables);
      toast.error(errorMessage(error));
    },
  });
  const { reset: resetMutation } = mutation;
  /** Forget the last result and its field errors (a form's Discard). */
  const reset = useCallback(() => (resetMutation(), setFieldErrors({})), [resetMutation]);
  return { ...mutation, fieldErrors, reset };
}
