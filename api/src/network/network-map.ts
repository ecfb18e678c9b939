import { geoArea, geoMercator, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { AreaSource } from './network-files.js';

export interface DrawnArea {
  code: string;
  path: string;
  labelX: number;
  labelY: number;
}

export interface DrawnMap {
  width: number;
  height: number;
  areas: DrawnArea[];
}

export const MAP_WIDTH = 600;
const PADDING = 8;

/**
 * d3-geo works on the sphere, where a ring's winding says which side is inside: clockwise encloses the small
 * side. RFC 7946 files wind exterior rings the other way, which d3 reads as "the whole world but this
 * neighbourhood"; such a feature (more than a hemisphere) has its rings reversed.
 */
function wound(feature: Feature<Polygon | MultiPolygon>): Feature<Polygon | MultiPolygon> {
  if (geoArea(feature) <= 2 * Math.PI) return feature;
  const g = feature.geometry;
  const geometry: Polygon | MultiPolygon =
    g.type === 'Polygon'
      ? { type: 'Polygon', coordinates: g.coordinates.map((r) => [...r].reverse()) }
      : {
          type: 'MultiPolygon',
          coordinates: g.coordinates.map((p) => p.map((r) => [...r].reverse())),
        };
  return { ...feature, geometry };
}

/**
 * The city's outlines as SVG path strings, drawn once at upload with d3-geo's Mercator projection fitted to
 * a 600-wide view box (a city is small enough that Mercator's distortion does not show). No tile server:
 * the public page is plain SVG and works offline.
 */
export function drawMap(areas: AreaSource[]): DrawnMap {
  const features = areas.map((a) =>
    wound({ type: 'Feature', properties: { code: a.code }, geometry: a.geometry }),
  );
  const collection: FeatureCollection<Polygon | MultiPolygon> = {
    type: 'FeatureCollection',
    features,
  };
  const projection = geoMercator().fitWidth(MAP_WIDTH - 2 * PADDING, collection);
  const [[, y0], [, y1]] = geoPath(projection).bounds(collection);
  const height = Math.max(1, Math.ceil(y1 - y0)) + 2 * PADDING;
  projection.fitExtent(
    [
      [PADDING, PADDING],
      [MAP_WIDTH - PADDING, height - PADDING],
    ],
    collection,
  );
  const path = geoPath(projection).digits(1);
  return {
    width: MAP_WIDTH,
    height,
    areas: features.map((f, i) => {
      const [x, y] = path.centroid(f);
      return {
        code: areas[i].code,
        path: path(f) ?? '',
        labelX: Math.round(x * 10) / 10,
        labelY: Math.round(y * 10) / 10,
      };
    }),
  };
}
