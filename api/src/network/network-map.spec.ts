import { drawMap, MAP_WIDTH } from './network-map.js';
import type { AreaSource } from './network-files.js';

const square = (x: number, y: number, clockwise: boolean): AreaSource => {
  const ring = [
    [x, y],
    [x + 0.01, y],
    [x + 0.01, y + 0.01],
    [x, y + 0.01],
    [x, y],
  ];
  return {
    code: `A${x}`,
    name: 'Square',
    geometry: { type: 'Polygon', coordinates: [clockwise ? ring.reverse() : ring] },
  };
};

describe('drawMap', () => {
  it('draws a neighbourhood the same whichever way its ring winds (RFC 7946 or d3 order)', () => {
    const rfc = drawMap([square(10, 50, false), square(10.01, 50, false)]);
    const d3 = drawMap([square(10, 50, true), square(10.01, 50, true)]);
    expect(rfc.width).toBe(MAP_WIDTH);
    // two squares side by side at 50°N (Mercator stretches north-south by 1/cos 50°): not a whole-world outline
    expect(rfc.height).toBeGreaterThan(420);
    expect(rfc.height).toBeLessThan(520);
    expect(d3.height).toBe(rfc.height);
    expect(rfc.areas.map((a) => a.labelX)).toEqual(d3.areas.map((a) => a.labelX));
    expect(rfc.areas[0].path).toMatch(/^M[\d.,L]+Z$/);
  });
});
