import { geoEqualEarth, geoPath, type GeoPath } from 'd3-geo';
import { feature, merge } from 'topojson-client';
import type { GeometryCollection, MultiPolygon, Polygon, Topology } from 'topojson-specification';

/**
 * The world map's shapes: Natural Earth's 1:110m countries (world-atlas), drawn once in an Equal
 * Earth projection fitted to a fixed frame. The SVG scales with its container, so the frame is the
 * viewBox and no size is measured. The geodata (38 kB gzipped) is fetched when the map first draws,
 * as a file of its own, never in a page's first load; nothing is asked of any other site.
 */
export const MAP_WIDTH = 960;
/** The height Equal Earth needs for the world without Antarctica at MAP_WIDTH (421.5), rounded up. */
export const MAP_HEIGHT = 422;

/** A country (or several joined: a region), ready to draw. */
export interface Shape {
  /** The SVG path, in the viewBox's coordinates. */
  readonly d: string;
  /** Where a tooltip points: the centre of its largest part (France's is in Europe, not off Guiana). */
  readonly centre: readonly [number, number];
}

export interface World {
  /** Every country drawn, by ISO 3166-1 alpha-2 code. */
  readonly countries: ReadonlyMap<string, Shape>;
  /** The countries given, as one shape with the borders between them dissolved (a region). */
  join(codes: readonly string[]): Shape | undefined;
}

type CountryGeometry = Polygon<{ name: string }> | MultiPolygon<{ name: string }>;
interface Atlas extends Topology {
  objects: { countries: GeometryCollection<{ name: string }> };
}
interface CountryCodes {
  readonly ids: Readonly<Record<string, string>>;
  readonly names: Readonly<Record<string, string>>;
}

/** Antarctica: nobody's country, and a fifth of the height. */
const ANTARCTICA = '010';

function centreOf(path: GeoPath, shape: GeoJSON.Polygon | GeoJSON.MultiPolygon): [number, number] {
  const parts: GeoJSON.Polygon[] =
    shape.type === 'Polygon' ? [shape] : shape.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
  let largest = parts[0]!;
  let largestArea = -1;
  for (const part of parts) {
    const area = path.area(part);
    if (area > largestArea) [largest, largestArea] = [part, area];
  }
  const [x, y] = path.centroid(largest);
  return [Number.isFinite(x) ? x : MAP_WIDTH / 2, Number.isFinite(y) ? y : MAP_HEIGHT / 2];
}

/** Draws the world from the atlas and the numeric-to-alpha-2 table (both fetched by `loadWorld`). */
export function drawWorld(atlas: Atlas, codes: CountryCodes): World {
  const geometries = atlas.objects.countries.geometries.filter(
    (geometry): geometry is CountryGeometry =>
      (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') && geometry.id !== ANTARCTICA,
  );
  const projection = geoEqualEarth().fitExtent(
    [
      [2, 2],
      [MAP_WIDTH - 2, MAP_HEIGHT - 2],
    ],
    feature(atlas, { type: 'GeometryCollection', geometries }),
  );
  const path = geoPath(projection).digits(1);

  // A country may be drawn in more than one shape (Cyprus and Northern Cyprus): its shapes are joined.
  const byCode = new Map<string, CountryGeometry[]>();
  for (const geometry of geometries) {
    const code =
      geometry.id === undefined ? codes.names[geometry.properties?.name ?? ''] : codes.ids[String(geometry.id)];
    if (!code) continue;
    byCode.set(code, [...(byCode.get(code) ?? []), geometry]);
  }
  const shapeOf = (parts: readonly CountryGeometry[]): Shape | undefined => {
    if (parts.length === 0) return undefined;
    const joined = merge(atlas, [...parts]);
    return { d: path(joined) ?? '', centre: centreOf(path, joined) };
  };
  const countries = new Map<string, Shape>();
  for (const [code, parts] of byCode) {
    const shape = shapeOf(parts);
    if (shape) countries.set(code, shape);
  }
  return {
    countries,
    join: (list) => shapeOf(list.flatMap((code) => byCode.get(code) ?? [])),
  };
}

let loading: Promise<World> | undefined;

/** The world, fetched and drawn once per visit (a failed fetch is tried again next time). */
export function loadWorld(): Promise<World> {
  loading ??= Promise.all([import('world-atlas/countries-110m.json'), import('./country-codes.json')])
    .then(([atlas, codes]) => drawWorld(atlas.default as unknown as Atlas, codes.default))
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}
