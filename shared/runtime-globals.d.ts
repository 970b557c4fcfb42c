// shared/ compiles without DOM or Node types, yet URL and URLSearchParams exist in every runtime that
// loads it (Node, Chromium, Electron). Declare exactly the surface the contract uses and no more.
declare class URLSearchParams {
  get(name: string): string | null;
  getAll(name: string): string[];
  keys(): IterableIterator<string>;
}
declare class URL {
  constructor(input: string, base?: string);
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly search: string;
  readonly searchParams: URLSearchParams;
  readonly username: string;
  readonly password: string;
  readonly hash: string;
  toString(): string;
}
