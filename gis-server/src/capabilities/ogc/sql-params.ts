/** Values of a query built piece by piece: each piece asks for its placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(initial: unknown[] = []) {
    this.values.push(...initial);
  }

  /** The placeholder of a new value, cast to an SQL type when given (types come from our code, never a request). */
  add(value: unknown, type?: string): string {
    this.values.push(value);
    return type ? `$${this.values.length}::${type}` : `$${this.values.length}`;
  }
}
