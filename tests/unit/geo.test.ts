import { distanceMetres, formatDistance } from '../../domain/geo'

describe('distanceMetres (haversine, whole metres)', () => {
  test('no distance to itself; symmetric', () => {
    const a = { latitude: 36.0654, longitude: 120.3801 }
    const b = { latitude: 36.0649, longitude: 120.3118 }
    expect(distanceMetres(a, a)).toBe(0)
    expect(distanceMetres(a, b)).toBe(distanceMetres(b, a))
  })

  test('a degree of latitude is about 111.2 km; a quarter of the globe along the equator 10 007.5 km', () => {
    expect(distanceMetres({ latitude: 36, longitude: 120 }, { latitude: 37, longitude: 120 })).toBe(111195)
    expect(distanceMetres({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 90 })).toBe(10007557)
  })

  test('antipodes stay finite (rounding never takes asin past 1)', () => {
    expect(distanceMetres({ latitude: 90, longitude: 0 }, { latitude: -90, longitude: 0 })).toBe(20015114)
  })
})

test.each([
  [0, '0 m'],
  [350, '350 m'],
  [999, '999 m'],
  [1000, '1.0 km'],
  [1234, '1.2 km'],
  [6504, '6.5 km'],
  [99_940, '99.9 km'],
  [135_400, '135 km'],
])('formatDistance(%d) = %s', (metres, text) => {
  expect(formatDistance(metres)).toBe(text)
})
