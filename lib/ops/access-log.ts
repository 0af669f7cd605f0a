// How server.ts hands each HTTP request to Next: inside its request context (so every log line
// and error body carries the id), with the id echoed as X-Request-Id, and one access line once
// the response is done. The line names the path without its query string and never a header
// or body: query strings carry tokens (enrollment, OAuth codes) and headers carry credentials.
import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "../logger";
import { REQUEST_ID_HEADER, requestIdFrom, runInRequest } from "./request-context";

export function withRequestContext(req: IncomingMessage, res: ServerResponse, handle: () => unknown): unknown {
  const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  // Routes that read the header (and anything Next forwards) see the id actually used.
  req.headers[REQUEST_ID_HEADER] = requestId;
  res.setHeader("X-Request-Id", requestId);
  const started = performance.now();
  res.once("close", () => {
    const fields = {
      method: req.method ?? "",
      path: (req.url ?? "").split("?")[0] ?? "",
      status: res.statusCode,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    runInRequest({ requestId }, () => logger.info("request", fields));
  });
  return runInRequest({ requestId }, handle);
}
