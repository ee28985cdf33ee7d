import { STRUCTURE_LIMITS } from './events';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Rejects what no schema should have to see: nesting deeper than the protocol ever uses (a deep
 * object is a stack-exhaustion attempt), more nodes than a batch can hold, prototype-pollution keys,
 * and values JSON cannot carry. Returns the reason, or null when the value is safe to validate.
 * Iterative on purpose, so a hostile depth cannot overflow our own stack.
 */
export function checkStructure(
  value: unknown,
  limits: { maxDepth: number; maxNodes: number } = STRUCTURE_LIMITS,
): string | null {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (++nodes > limits.maxNodes) return `more than ${limits.maxNodes} values`;
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return 'a number that is not finite';
      continue;
    }
    if (typeof v !== 'object') return `a value of type ${typeof v}`;
    if (depth >= limits.maxDepth) return `nested deeper than ${limits.maxDepth} levels`;
    if (Array.isArray(v)) {
      for (const item of v) stack.push({ v: item, depth: depth + 1 });
      continue;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return 'an object that is not plain data';
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) return `a forbidden key "${key}"`;
      stack.push({ v: (v as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return null;
}
