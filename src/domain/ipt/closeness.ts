/**
 * The closeness circle (clinical.md, IPT tools): the patient in the middle, the people who
 * matter placed in three rings by how close they feel (1 closest). This works out where each
 * name goes; the views draw it as SVG on the server, beside a text list for screen readers.
 */

export type ClosenessRing = 1 | 2 | 3;

export interface ClosenessPerson {
  readonly id: string;
  readonly name: string;
  readonly closeness: ClosenessRing;
}

export interface PlacedPerson extends ClosenessPerson {
  /** The name as drawn: shortened so labels stay inside the picture. */
  readonly label: string;
  readonly x: number;
  readonly y: number;
}

export interface ClosenessLayout {
  readonly size: number;
  readonly centre: number;
  /** Radius of the patient's own circle in the middle. */
  readonly selfRadius: number;
  /** Outer radius of each ring, inner first. */
  readonly rings: readonly { ring: ClosenessRing; radius: number }[];
  readonly people: readonly PlacedPerson[];
}

export const CLOSENESS_RINGS: readonly ClosenessRing[] = [1, 2, 3];
export const CLOSENESS_LABELS: Readonly<Record<ClosenessRing, string>> = {
  1: 'Closest',
  2: 'Close',
  3: 'Less close',
};

const SIZE = 440;
const SELF_RADIUS = 34;
const RING_RADII: Readonly<Record<ClosenessRing, number>> = { 1: 100, 2: 160, 3: 215 };
const LABEL_MAX = 14;

export function shortLabel(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  return trimmed.length <= LABEL_MAX ? trimmed : `${trimmed.slice(0, LABEL_MAX - 1)}…`;
}

/**
 * Places people evenly round the middle of their ring, starting at the top and going clockwise,
 * each ring turned a little so names in neighbouring rings do not line up. Order is the order
 * given, so the same inventory always draws the same picture.
 */
export function closenessLayout(people: readonly ClosenessPerson[]): ClosenessLayout {
  const centre = SIZE / 2;
  const placed: PlacedPerson[] = [];
  for (const ring of CLOSENESS_RINGS) {
    const inRing = people.filter((p) => p.closeness === ring);
    const inner = ring === 1 ? SELF_RADIUS : RING_RADII[(ring - 1) as ClosenessRing];
    const radius = (inner + RING_RADII[ring]) / 2;
    const turn = ((ring - 1) * Math.PI) / 7;
    inRing.forEach((p, i) => {
      const angle = -Math.PI / 2 + turn + (2 * Math.PI * i) / inRing.length;
      placed.push({
        ...p,
        label: shortLabel(p.name),
        x: round(centre + radius * Math.cos(angle)),
        y: round(centre + radius * Math.sin(angle)),
      });
    });
  }
  return {
    size: SIZE,
    centre,
    selfRadius: SELF_RADIUS,
    rings: CLOSENESS_RINGS.map((ring) => ({ ring, radius: RING_RADII[ring] })),
    people: placed,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

export function isClosenessRing(n: number): n is ClosenessRing {
  return n === 1 || n === 2 || n === 3;
}
