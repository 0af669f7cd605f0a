// What a value a lib function returns looks like to the browser after the route's JSON:
// dates become ISO strings. Response types for the UI are derived with it from the lib
// function's own return type (a type-only import, erased from every bundle), so they can't
// drift from what the server sends.

export type Wire<T> = T extends Date ? string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/** The JSON form of what an async lib function resolves to. */
export type WireOf<F extends (...args: never[]) => Promise<unknown>> = Wire<Awaited<ReturnType<F>>>;
