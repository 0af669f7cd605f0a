// What a call that should be refused threw (an AppError: code, message, field errors), or null
// if it went through, so a test can assert on the refusal and on what it left unchanged.
export interface Refusal {
  code?: string;
  message: string;
  fields?: Record<string, string[]>;
}

export const refusalOf = (p: Promise<unknown>): Promise<Refusal | null> =>
  p.then(
    () => null,
    (e: Refusal) => e,
  );
