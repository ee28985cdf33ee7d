/** Something to release at teardown: a function, or an object with `close()` or `dispose()`. */
export type Disposable = (() => unknown) | { close(): unknown } | { dispose(): unknown };

/** Teardown that failed in part: every error, in the order the releases ran. */
export class DisposeError extends AggregateError {
  constructor(errors: unknown[]) {
    super(
      errors,
      `${errors.length} of the teardown steps failed: ${errors
        .map((e) => (e instanceof Error ? e.message : String(e)))
        .join('; ')
        .slice(0, 500)}`,
    );
    this.name = 'DisposeError';
  }
}

/**
 * What an owner (the core, a host, a page's connection) must release, kept in one place instead of
 * close calls chained by hand: released in the reverse order of acquisition (what was opened last,
 * and may use what came before, goes first), each step run even when an earlier one throws, once.
 */
export class Disposables {
  private readonly items: Disposable[] = [];
  private disposed = false;

  /** Adds something to release; returns it. Added after disposal, it is released at once. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      const errors = release([item]);
      if (errors.length) throw new DisposeError(errors);
    } else this.items.push(item);
    return item;
  }

  /** Whether {@link dispose} has run. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * Releases everything, last added first; a second call does nothing. Throws a
   * {@link DisposeError} with every failure once all steps have run.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const items = this.items.splice(0).reverse();
    const errors = release(items);
    if (errors.length) throw new DisposeError(errors);
  }
}

function release(items: readonly Disposable[]): unknown[] {
  const errors: unknown[] = [];
  for (const item of items) {
    try {
      if (typeof item === 'function') item();
      else if ('dispose' in item) item.dispose();
      else item.close();
    } catch (error) {
      errors.push(error);
    }
  }
  return errors;
}
