/** A policy the engine cannot compile; `path` is the JSON path of the offending element. */
export class PolicyError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${message} (at ${path})`);
    this.name = 'PolicyError';
  }
}
