import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";

/** One misbehaviour for the next request of a path. */
export type Fault =
  /** Answer with this status and no body. */
  | { readonly status: number }
  /** Accept the request and never answer. */
  | { readonly stall: "headers" }
  /** Send the headers and `bytes` of the body, then go silent. */
  | { readonly stall: "body"; readonly bytes: number }
  /** Send the headers (with the full length) and `bytes` of the body, then cut the connection. */
  | { readonly cutAfter: number };

export interface RequestLog {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly status: number;
}

/**
 * A static HTTP server on 127.0.0.1 over a directory, with what real mirrors do that the
 * download code relies on: ETag and Last-Modified, conditional requests (304), byte ranges
 * with If-Range (206), and 404 for anything missing. Faults are queued per path.
 */
export class FileServer {
  readonly requests: RequestLog[] = [];
  /** When false, Range is ignored and every answer is a full 200, as some servers do. */
  ranges = true;
  private readonly faults = new Map<string, Fault[]>();
  private readonly server: Server;
  private port = 0;

  constructor(readonly root: string) {
    this.server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
      const status = this.answer(path, request.method ?? "GET", request.headers, response);
      this.requests.push({ method: request.method ?? "GET", path, headers: request.headers, status });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The URL of a path, such as `url("/releases/x.txt")`. */
  url(path = "/"): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Writes a file under the root, with an optional modification time. */
  put(path: string, content: string | Uint8Array, mtime?: Date): void {
    const file = join(this.root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    if (mtime !== undefined) utimesSync(file, mtime, mtime);
  }

  /** Queues faults for the next requests of `path`, in order. */
  fault(path: string, ...faults: Fault[]): void {
    this.faults.set(path, [...(this.faults.get(path) ?? []), ...faults]);
  }

  /** Requests made for a path. */
  requestsFor(path: string): RequestLog[] {
    return this.requests.filter((request) => request.path === path);
  }

  private answer(path: string, method: string, headers: IncomingHttpHeaders, response: ServerResponse): number {
    let body: Buffer;
    let mtime: Date;
    try {
      const file = join(this.root, path);
      const info = statSync(file);
      if (!info.isFile()) throw new Error("not a file");
      body = readFileSync(file);
      mtime = info.mtime;
    } catch {
      response.writeHead(404, { "content-length": "9" }).end("not found");
      return 404;
    }
    const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
    const lastModified = mtime.toUTCString();
    const validators = { etag, "last-modified": lastModified };

    const fault = this.faults.get(path)?.shift();
    if (fault !== undefined && "status" in fault) {
      response.writeHead(fault.status, { "content-length": "0" }).end();
      return fault.status;
    }
    if (fault !== undefined && "stall" in fault && fault.stall === "headers") return 0;

    if (headers["if-none-match"] === etag || (headers["if-none-match"] === undefined && headers["if-modified-since"] === lastModified)) {
      response.writeHead(304, validators).end();
      return 304;
    }

    let status = 200;
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(headers.range ?? "");
    const ifRange = headers["if-range"];
    if (this.ranges && range !== null && (ifRange === undefined || ifRange === etag || ifRange === lastModified)) {
      start = Number(range[1]);
      if (start >= body.length) {
        response.writeHead(416, { "content-range": `bytes */${body.length}`, "content-length": "0" }).end();
        return 416;
      }
      status = 206;
    }
    const slice = body.subarray(start);
    const responseHeaders: Record<string, string> = { ...validators, "content-length": String(slice.length), "accept-ranges": "bytes" };
    if (status === 206) responseHeaders["content-range"] = `bytes ${start}-${body.length - 1}/${body.length}`;
    response.writeHead(status, responseHeaders);
    if (method === "HEAD") {
      response.end();
      return status;
    }
    if (fault !== undefined && "stall" in fault) {
      response.write(slice.subarray(0, fault.bytes));
      return status;
    }
    if (fault !== undefined && "cutAfter" in fault) {
      response.write(slice.subarray(0, fault.cutAfter), () => response.socket?.destroy());
      return status;
    }
    response.end(slice);
    return status;
  }
}
