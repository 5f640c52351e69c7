/** One place on the route map. */
export interface RoutePoint {
  id: string;
  label: string;
  lat: number;
  lng: number;
  /** A short figure shown under the name (the dashboard's attendance, for example). */
  note?: string;
}

interface Props {
  /** The places in the order of the route. */
  points: readonly RoutePoint[];
  /** The place to stand out, if any. */
  currentId?: string;
  /** What a screen reader says of the map. */
  description: string;
  width?: number;
  height?: number;
}

/**
 * The route of the week drawn from the stages' coordinates, as SVG: no tile server, so it works
 * offline and prints. An equirectangular projection corrected by the cosine of the latitude is
 * exact enough at the scale of a département.
 */
export function RouteMap({ points, currentId, description, width = 360, height = 300 }: Props) {
  if (points.length === 0) return null;
  const margin = 36;
  const meanLat = points.reduce((sum, point) => sum + point.lat, 0) / points.length;
  const xOf = (lng: number) => lng * Math.cos((meanLat * Math.PI) / 180);
  const xs = points.map((point) => xOf(point.lng));
  const ys = points.map((point) => -point.lat);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((width - 2 * margin) / (maxX - minX || 1), (height - 2 * margin) / (maxY - minY || 1));
  const offsetX = (width - (maxX - minX) * scale) / 2;
  const offsetY = (height - (maxY - minY) * scale) / 2;
  const placed = points.map((point, index) => {
    const x = offsetX + (xs[index]! - minX) * scale;
    const y = offsetY + (ys[index]! - minY) * scale;
    // Names go on the side with more room, so that they stay inside the map.
    return { ...point, x, y, left: x > width / 2, labelY: y + 4 };
  });
  // Towns close together (Mende and Le Bleymard) would write over each other: move a name down
  // until its box (estimated from its length) clears the names already placed.
  const lineHeight = 15;
  const box = (point: (typeof placed)[number]) => {
    const width = 7 * (point.label.length + 3);
    return point.left ? [point.x - 12 - width, point.x - 12] : [point.x + 12, point.x + 12 + width];
  };
  const ordered = [...placed].sort((a, b) => a.y - b.y);
  for (const [index, point] of ordered.entries()) {
    const [from, to] = box(point);
    const clash = () =>
      ordered.slice(0, index).some((other) => {
        const [otherFrom, otherTo] = box(other);
        const height = other.note ? 2 * lineHeight : lineHeight;
        return otherFrom! < to! && from! < otherTo! && point.labelY - other.labelY < height && other.labelY - point.labelY < (point.note ? 2 * lineHeight : lineHeight);
      });
    while (clash()) point.labelY += lineHeight;
  }
  // A name moved down, or a figure under it longer than the name, may pass an edge: the drawing grows to hold it.
  const textWidth = (point: (typeof placed)[number]) => 7 * Math.max(point.label.length + 3, point.note?.length ?? 0);
  const left = Math.min(0, ...placed.filter((point) => point.left).map((point) => Math.floor(point.x - 12 - textWidth(point))));
  const right = Math.max(width, ...placed.filter((point) => !point.left).map((point) => Math.ceil(point.x + 12 + textWidth(point))));
  const bottom = Math.max(height, ...placed.map((point) => Math.ceil(point.labelY + (point.note ? 13 : 0) + 6)));
  return (
    <svg class="route-map" viewBox={`${left} 0 ${right - left} ${bottom}`} role="img" aria-label={description}>
      <polyline class="route-map__line" points={placed.map((point) => `${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(' ')} />
      {placed.map((point, index) => {
        const current = point.id === currentId;
        const { left } = point;
        const label = (
          <g class={current ? 'route-map__stop route-map__stop--current' : 'route-map__stop'}>
            <circle cx={point.x} cy={point.y} r={current ? 9 : 6} />
            <text x={point.x + (left ? -12 : 12)} y={point.labelY} text-anchor={left ? 'end' : 'start'}>
              {`${index + 1}. ${point.label}`}
            </text>
            {point.note ? (
              <text class="route-map__note" x={point.x + (left ? -12 : 12)} y={point.labelY + 13} text-anchor={left ? 'end' : 'start'}>
                {point.note}
              </text>
            ) : null}
          </g>
        );
        // No links inside the drawing: an image holds no controls (the towns link to their pages in the text around it).
        return <g key={point.id}>{label}</g>;
      })}
    </svg>
  );
}
