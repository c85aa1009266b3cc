"""Draws the two tab-bar icons (WeChat's tab bar takes PNG only): a house and a person, grey and red.
Run once; the PNGs are committed. No image library needed."""
import struct, zlib, math, os

SIZE = 81
OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'assets', 'tabbar')

def png(path, pixels):
    raw = b''.join(b'\x00' + bytes(v for px in row for v in px) for row in pixels)
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', SIZE, SIZE, 8, 6, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
    open(path, 'wb').write(data)

def render(inside, color):
    rows = []
    for y in range(SIZE):
        row = []
        for x in range(SIZE):
            # 4x supersampling for smooth edges
            hits = sum(inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4) for i in range(4) for j in range(4))
            row.append((*color, round(255 * hits / 16)))
        rows.append(row)
    return rows

def house(x, y):
    roof = y >= 14 and y <= 40 and abs(x - 40.5) <= (y - 14) * 1.05 and not (y >= 22 and abs(x - 40.5) <= (y - 22) * 1.05 - 2)
    body = 34 <= y <= 66 and 20 <= x <= 61 and not (37 <= y <= 62 and 25 <= x <= 56 and not (46 <= y <= 62 and 35 <= x <= 46))
    return roof or body

def person(x, y):
    head = math.hypot(x - 40.5, y - 27) <= 12 and math.hypot(x - 40.5, y - 27) >= 7.5
    shoulders = 44 <= y <= 68 and math.hypot((x - 40.5) / 25, (y - 68) / 24) <= 1 and not (math.hypot((x - 40.5) / 20.5, (y - 68) / 19.5) <= 1 and y <= 64)
    return head or shoulders

GREY, RED = (107, 114, 128), (200, 16, 46)
for name, shape in (('home', house), ('me', person)):
    png(os.path.join(OUT, f'{name}.png'), render(shape, GREY))
    png(os.path.join(OUT, f'{name}-active.png'), render(shape, RED))
