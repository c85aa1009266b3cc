/**
 * Places on the map and how far apart they are. Coordinates are GCJ-02 (what WeChat's
 * `getLocation({ type: 'gcj02' })` and the `map` component use); at city scale the distance between two
 * GCJ-02 points is that of the true points to within metres, so plain haversine serves.
 */

export interface Position {
  latitude: number
  longitude: number
}

/** Mean earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8

const radians = (degrees: number) => (degrees * Math.PI) / 180

/** Great-circle distance in whole metres (haversine). */
export function distanceMetres(from: Position, to: Position): number {
  const dLat = radians(to.latitude - from.latitude)
  const dLon = radians(to.longitude - from.longitude)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(dLon / 2) ** 2
  return Math.round(2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h))))
}

/** As a person reads it: "350 m" under a kilometre, "1.2 km" up to 100 km, then "135 km". */
export function formatDistance(metres: number): string {
  if (metres < 1000) return `${Math.round(metres)} m`
  const km = metres / 1000
  return km < 100 ? `${(Math.round(km * 10) / 10).toFixed(1)} km` : `${Math.round(km)} km`
}
