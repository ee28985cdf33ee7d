import { describe, expect, it } from 'vitest';
import { DisposeError, Disposables } from './disposables';

describe('Disposables', () => {
  it('releases the last added first, whatever kind each is', () => {
    const order: string[] = [];
    const bag = new Disposables();
    bag.add(() => order.push('store'));
    bag.add({ close: () => order.push('feed') });
    bag.add({ dispose: () => order.push('listener') });
    bag.dispose();
    expect(order).toEqual(['listener', 'feed', 'store']);
  });

  it('runs every step when some throw, and reports all their errors at the end', () => {
    const order: string[] = [];
    const bag = new Disposables();
    bag.add(() => order.push('store'));
    bag.add(() => {
      throw new Error('socket already closed');
    });
    bag.add(() => order.push('timer'));
    bag.add(() => {
      throw new Error('window gone');
    });
    let thrown: unknown;
    try {
      bag.dispose();
    } catch (error) {
      thrown = error;
    }
    expect(order).toEqual(['timer', 'store']);
    expect(thrown).toBeInstanceOf(DisposeError);
    expect((thrown as DisposeError).errors.map((e: Error) => e.message)).toEqual([
      'window gone',
      'socket already closed',
    ]);
    expect((thrown as DisposeError).message).toMatch(/2 of the teardown steps failed: window gone; socket/);
  });

  it('releases once: a second dispose does nothing, and what is added afterwards goes at once', () => {
    let closed = 0;
    const bag = new Disposables();
    bag.add(() => closed++);
    bag.dispose();
    bag.dispose();
    expect(closed).toBe(1);
    expect(bag.isDisposed).toBe(true);
    bag.add(() => closed++);
    expect(closed).toBe(2);
  });
});
