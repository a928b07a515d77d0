import {
  CLOSENESS_LABELS,
  CLOSENESS_RINGS,
  closenessLayout,
  type ClosenessPerson,
} from '../../../domain/ipt';

const RING_FILLS = { 1: '#d8dde0', 2: '#e8edee', 3: '#f0f4f5' } as const;

/**
 * The closeness circle drawn on the server (no script). The picture is hidden from screen
 * readers: the list beside it says the same in words, ring by ring.
 */
export function ClosenessCircle({
  people,
  centreLabel,
  idPrefix,
}: {
  people: readonly ClosenessPerson[];
  centreLabel: string;
  idPrefix: string;
}) {
  const layout = closenessLayout(people);
  const { centre, size } = layout;
  return (
    <>
      <svg
        className="ipt-circle"
        viewBox={`0 0 ${size} ${size}`}
        width={size}
        height={size}
        aria-hidden="true"
        focusable="false"
        xmlns="http://www.w3.org/2000/svg"
      >
        {[...layout.rings].reverse().map((r) => (
          <circle
            key={r.ring}
            cx={centre}
            cy={centre}
            r={r.radius}
            fill={RING_FILLS[r.ring]}
            stroke="#768692"
            strokeWidth="1.5"
          />
        ))}
        <circle cx={centre} cy={centre} r={layout.selfRadius} fill="#005eb8" />
        <text
          x={centre}
          y={centre + 5}
          textAnchor="middle"
          fontSize="14"
          fontWeight="bold"
          fill="#ffffff"
        >
          {centreLabel.slice(0, 8)}
        </text>
        {layout.people.map((p) => (
          <g key={p.id}>
            <circle cx={p.x} cy={p.y - 9} r="4" fill="#212b32" />
            <text x={p.x} y={p.y + 8} textAnchor="middle" fontSize="13" fill="#212b32">
              {p.label}
            </text>
          </g>
        ))}
      </svg>
      <ClosenessList people={people} idPrefix={idPrefix} />
    </>
  );
}

/** The circle in words: who is in each ring. */
export function ClosenessList({
  people,
  idPrefix,
}: {
  people: readonly ClosenessPerson[];
  idPrefix: string;
}) {
  return (
    <dl className="nhsuk-summary-list" id={`${idPrefix}-rings`}>
      {CLOSENESS_RINGS.map((ring) => {
        const inRing = people.filter((p) => p.closeness === ring);
        return (
          <div className="nhsuk-summary-list__row" key={ring}>
            <dt className="nhsuk-summary-list__key">
              {CLOSENESS_LABELS[ring]} (ring {ring})
            </dt>
            <dd className="nhsuk-summary-list__value">
              {inRing.length === 0 ? 'Nobody' : inRing.map((p) => p.name).join(', ')}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
