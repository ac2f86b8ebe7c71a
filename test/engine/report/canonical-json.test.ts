import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/report/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth, indents by two spaces and ends with a newline', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{\n  "a": {\n    "c": "x",\n    "d": [\n      3,\n      {\n        "y": null,\n        "z": true\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  it('gives the same bytes whatever the key order of the input', () => {
    const one = canonicalJson({ instances: [{ name: 'a', port: 22 }], cluster: { name: 'c' } });
    const two = canonicalJson({ cluster: { name: 'c' }, instances: [{ port: 22, name: 'a' }] });
    expect(one).toBe(two);
  });

  it('sorts by UTF-16 code units, not by locale', () => {
    expect(Object.keys(JSON.parse(canonicalJson({ b: 1, B: 2, ä: 3, a: 4 })) as object)).toEqual(['B', 'a', 'b', 'ä']);
  });

  it('drops undefined members like JSON.stringify and writes undefined array items as null', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{\n  "b": [\n    null,\n    1\n  ]\n}\n');
  });

  it('refuses values without a JSON form instead of changing them silently', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow('$.a: NaN has no JSON form');
    expect(() => canonicalJson({ when: new Date(0) })).toThrow('$.when: a non-plain object has no canonical JSON form');
    expect(() => canonicalJson({ f: () => 1 })).toThrow('$.f: a function has no canonical JSON form');
  });
});
