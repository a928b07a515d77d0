import { describe, expect, it } from 'vitest';
import { closenessLayout, isClosenessRing, shortLabel, type ClosenessRing } from './closeness';

const person = (id: string, closeness: ClosenessRing, name = id) => ({ id, name, closeness });

describe('closenessLayout', () => {
  const layout = closenessLayout([
    person('a', 1, 'Mum'),
    person('b', 1, 'J'),
    person('c', 2, 'Sam'),
    person('d', 3, 'Work team'),
    person('e', 3, 'Neighbour'),
    person('f', 3, 'Aunt K'),
  ]);
  const distance = (p: { x: number; y: number }) =>
    Math.hypot(p.x - layout.centre, p.y - layout.centre);

  it('places everyone, each inside their own ring band', () => {
    expect(layout.people.map((p) => p.id).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    const bounds = { 1: [layout.selfRadius, 100], 2: [100, 160], 3: [160, 215] } as const;
    for (const p of layout.people) {
      const [inner, outer] = bounds[p.closeness];
      expect(distance(p)).toBeGreaterThan(inner);
      expect(distance(p)).toBeLessThan(outer);
    }
  });

  it('keeps the picture inside its box and the rings in order', () => {
    for (const p of layout.people) {
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(layout.size);
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(layout.size);
    }
    expect(layout.rings.map((r) => r.radius)).toEqual([100, 160, 215]);
    expect(layout.rings[2]!.radius).toBeLessThan(layout.size / 2);
  });

  it('spreads people in one ring apart, the first at the top', () => {
    const ring1 = layout.people.filter((p) => p.closeness === 1);
    expect(ring1[0]!.x).toBeCloseTo(layout.centre, 0);
    expect(ring1[0]!.y).toBeLessThan(layout.centre);
    expect(ring1[1]!.y).toBeGreaterThan(layout.centre);
    const ring3 = layout.people.filter((p) => p.closeness === 3);
    const keys = new Set(ring3.map((p) => `${p.x},${p.y}`));
    expect(keys.size).toBe(3);
  });

  it('is the same picture for the same inventory', () => {
    expect(closenessLayout([person('a', 2), person('b', 2)])).toEqual(
      closenessLayout([person('a', 2), person('b', 2)]),
    );
  });

  it('draws an empty circle when nobody is added yet', () => {
    expect(closenessLayout([]).people).toEqual([]);
  });
});

describe('labels and rings', () => {
  it('shortens long names and tidies spaces', () => {
    expect(shortLabel('  Mum  ')).toBe('Mum');
    expect(shortLabel('My older sister Jo')).toBe('My older sist…');
    expect(shortLabel('My older sister Jo')).toHaveLength(14);
  });

  it('knows the three rings', () => {
    expect([0, 1, 2, 3, 4].filter(isClosenessRing)).toEqual([1, 2, 3]);
  });
});
