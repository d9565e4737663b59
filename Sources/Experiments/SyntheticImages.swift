// The embedded default datasets, `synthetic10` and `synthetic100`: 32×32 RGB images of one object on a
// cluttered background, procedurally drawn and fully determined by (seed, split, index).
// An object is one of 10 shapes filled with one of 10 textures. synthetic10's class is the shape (the
// texture is a nuisance); synthetic100's class is (shape, texture), label = 10·shape + texture.
// Nuisances: position, scale, aspect, rotation, object and background colours, background gradient and
// mottling, clutter (strokes and blobs, some drawn over the object), pixel noise.
// Every image owns a SplitMix64 stream, so the bytes do not depend on thread count or order.
import Foundation

public enum SyntheticKind: String, CaseIterable, Sendable {
    case synthetic10
    case synthetic100

    public var classes: Int { self == .synthetic10 ? 10 : 100 }

    /// The class names: the shape (synthetic10) or "shape/texture" (synthetic100).
    public var classNames: [String] {
        switch self {
        case .synthetic10: return SyntheticImages.shapeNames
        case .synthetic100:
            return SyntheticImages.shapeNames.flatMap { s in SyntheticImages.textureNames.map { "\(s)/\($0)" } }
        }
    }
}

public enum SyntheticImages {
    public static let shapeNames = ["disk", "ring", "triangle", "square", "star", "cross", "crescent", "arrow", "corner", "hourglass"]
    public static let textureNames = ["solid", "stripes", "checks", "dots", "rings", "wedges", "ramp", "glow", "halves", "mosaic"]
    static let side = 32
    static let plane = side * side

    /// The train and test splits of `kind`, class-balanced (label = index mod classes), from one seed.
    public static func splits(_ kind: SyntheticKind, trainCount: Int, testCount: Int, seed: UInt64, threads: Int? = nil)
        -> (train: ImageDataset, test: ImageDataset)
    {
        (generate(kind, count: trainCount, seed: seed, split: 0, threads: threads),
         generate(kind, count: testCount, seed: seed, split: 1, threads: threads))
    }

    /// `count` images of split `split` (0 train, 1 test; any other number is a further independent split).
    /// `threads` (default: all cores) changes only the speed, never the bytes.
    public static func generate(_ kind: SyntheticKind, count: Int, seed: UInt64, split: UInt64, threads: Int? = nil) -> ImageDataset {
        precondition(count >= 0, "SyntheticImages expected a non-negative count, got \(count)")
        let imageBytes = 3 * plane
        let labels = (0..<count).map { Int32($0 % kind.classes) }
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, max(1, count / 64)))
        let pixels = [UInt8](unsafeUninitializedCapacity: count * imageBytes) { buffer, initialized in
            let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var scratch = Canvas()
                for i in stride(from: w, to: count, by: workers) {
                    var rng = SplitMix64(seed: seed, stream: split, index: UInt64(i))
                    let label = Int(labels[i])
                    let (shape, texture) = kind == .synthetic10 ? (label, rng.below(10)) : (label / 10, label % 10)
                    scratch.draw(shape: shape, texture: texture, rng: &rng)
                    scratch.quantize(into: base + i * imageBytes)
                }
            }
            initialized = count * imageBytes
        }
        let name = "\(kind.rawValue)-\(split == 0 ? "train" : split == 1 ? "test" : "split\(split)")"
        return ImageDataset(name: name, classes: kind.classes, pixels: pixels, labels: labels)
    }

    // MARK: - Shapes and textures, in the object's own frame (unit radius, y down)

    /// Whether (u, v) lies inside shape `kind` (0…9, the order of `shapeNames`).
    @inline(__always)
    static func inside(_ kind: Int, _ u: Float, _ v: Float) -> Bool {
        let r2 = u * u + v * v
        switch kind {
        case 0: return r2 <= 0.81                                      // disk
        case 1: return r2 <= 1 && r2 >= 0.3                            // ring (hole radius 0.55)
        case 2:                                                         // triangle, inscribed in the unit circle
            return v <= 0.5 && 1.7320508 * u - v <= 1 && -1.7320508 * u - v <= 1
        case 3: return abs(u) <= 0.75 && abs(v) <= 0.75               // square
        case 4:                                                         // five-pointed star (outer 1, inner 0.42)
            guard r2 <= 1 else { return false }
            if r2 <= 0.42 * 0.42 * 0.81 { return true }
            let a = atan2(v, u) + .pi / 2                              // a point straight up (v = −1)
            var f = (a / (2 * .pi / 5)).truncatingRemainder(dividingBy: 1)
            if f < 0 { f += 1 }
            let t = abs(f - 0.5) * 2                                    // 0 between points, 1 at a point
            // The edge of the star in polar form, interpolated between the inner and outer radius.
            let edge = 0.42 + (1 - 0.42) * t * t
            return r2 <= edge * edge
        case 5: return (abs(u) <= 0.3 && abs(v) <= 1) || (abs(v) <= 0.3 && abs(u) <= 1)       // cross
        case 6: return r2 <= 1 && (u - 0.45) * (u - 0.45) + v * v > 0.64                       // crescent
        case 7:                                                         // arrow pointing to +u
            if u >= -1 && u <= 0.15 && abs(v) <= 0.22 { return true }
            return u > 0.15 && u <= 1 && abs(v) <= 0.7 * (1 - u) / 0.85
        case 8:                                                         // corner (an L)
            return (u >= -0.8 && u <= -0.3 && abs(v) <= 0.9) || (v >= 0.4 && v <= 0.9 && abs(u) <= 0.8)
        default:                                                        // hourglass
            return abs(v) <= 0.9 && abs(u) <= 0.1 + 0.75 * abs(v)
        }
    }

    /// Texture `kind` (0…9, the order of `textureNames`) at (u, v): 0 is the object colour, 1 the second
    /// colour. `f` is the pattern frequency (cycles per unit), `p`/`q` random phases, `salt` seeds the mosaic.
    @inline(__always)
    static func texture(_ kind: Int, _ u: Float, _ v: Float, f: Float, p: Float, q: Float, salt: UInt64) -> Float {
        func frac(_ x: Float) -> Float { x - x.rounded(.down) }
        switch kind {
        case 0: return 0                                                            // solid
        case 1: return frac(u * f + p) < 0.5 ? 1 : 0                                // stripes
        case 2: return (Int((u * f + p).rounded(.down)) + Int((v * f + q).rounded(.down))) & 1 == 0 ? 1 : 0   // checks
        case 3:                                                                     // dots on a square lattice
            let a = frac(u * f + p) - 0.5, b = frac(v * f + q) - 0.5
            return a * a + b * b < 0.09 ? 1 : 0
        case 4: return frac((u * u + v * v).squareRoot() * f * 1.3 + p) < 0.5 ? 1 : 0   // concentric rings
        case 5: return frac(atan2(v, u) * (3 / .pi) + p) < 0.5 ? 1 : 0             // six wedges
        case 6: return min(1, max(0, 0.5 + 0.6 * u))                                // linear ramp
        case 7: return min(1, (u * u + v * v).squareRoot())                         // radial glow (centre = object colour)
        case 8: return u + 0.3 * (p - 0.5) > 0 ? 1 : 0                              // two halves
        default:                                                                    // mosaic of random cells
            let i = UInt64(bitPattern: Int64((u * f * 1.4 + 8).rounded(.down)))
            let j = UInt64(bitPattern: Int64((v * f * 1.4 + 8).rounded(.down)))
            return SplitMix64.mix(salt ^ (i &* 0x9E37_79B9) ^ (j &* 0x85EB_CA6B)) & 1 == 0 ? 1 : 0
        }
    }

    // MARK: - Colours

    /// HSV (all in [0, 1]) to RGB.
    static func rgb(h: Float, s: Float, v: Float) -> SIMD3<Float> {
        let h6 = (h - h.rounded(.down)) * 6
        let i = Int(h6) % 6
        let f = h6 - Float(Int(h6))
        let p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f))
        switch i {
        case 0: return [v, t, p]
        case 1: return [q, v, p]
        case 2: return [p, v, t]
        case 3: return [p, q, v]
        case 4: return [t, p, v]
        default: return [v, p, q]
        }
    }

    static func luminance(_ c: SIMD3<Float>) -> Float { 0.299 * c.x + 0.587 * c.y + 0.114 * c.z }

    /// A random colour whose luminance differs from each of `others` by at least its gap.
    static func contrasting(_ others: [(colour: SIMD3<Float>, gap: Float)], rng: inout SplitMix64) -> SIMD3<Float> {
        var best = SIMD3<Float>(0, 0, 0)
        var bestMargin = -Float.infinity
        for _ in 0..<12 {
            let c = rgb(h: rng.unit(), s: rng.uniform(0.3, 1), v: rng.uniform(0.2, 1))
            let margin = others.map { abs(luminance(c) - luminance($0.colour)) - $0.gap }.min()!
            if margin >= 0 { return c }
            if margin > bestMargin { (best, bestMargin) = (c, margin) }
        }
        // No draw met every gap: keep the draw that came closest.
        return best
    }

    // MARK: - The canvas

    /// One image being drawn: three float planes in [0, 1], reused across images by one worker.
    struct Canvas {
        var r = [Float](repeating: 0, count: SyntheticImages.plane)
        var g = [Float](repeating: 0, count: SyntheticImages.plane)
        var b = [Float](repeating: 0, count: SyntheticImages.plane)
        static let n = SyntheticImages.side

        mutating func set(_ i: Int, _ c: SIMD3<Float>) { r[i] = c.x; g[i] = c.y; b[i] = c.z }
        func get(_ i: Int) -> SIMD3<Float> { [r[i], g[i], b[i]] }
        mutating func blend(_ i: Int, _ c: SIMD3<Float>, _ alpha: Float) {
            set(i, get(i) * (1 - alpha) + c * alpha)
        }

        mutating func draw(shape: Int, texture: Int, rng: inout SplitMix64) {
            let n = Canvas.n
            // Background: a two-colour linear gradient plus low-frequency mottling.
            let bg0 = SyntheticImages.rgb(h: rng.unit(), s: rng.uniform(0, 0.7), v: rng.uniform(0.1, 0.95))
            let bg1 = SyntheticImages.rgb(h: rng.unit(), s: rng.uniform(0, 0.7), v: rng.uniform(0.1, 0.95))
            let phi = rng.uniform(0, 2 * .pi)
            let (gx, gy) = (cos(phi) / 32, sin(phi) / 32)
            let mottle = rng.uniform(0, 0.12)
            let (wx, wy, wp) = (rng.uniform(-0.45, 0.45), rng.uniform(-0.45, 0.45), rng.uniform(0, 2 * .pi))
            for y in 0..<n {
                for x in 0..<n {
                    let t = min(1, max(0, 0.5 + (Float(x) - 15.5) * gx + (Float(y) - 15.5) * gy))
                    let m = mottle * sin(Float(x) * wx + Float(y) * wy + wp)
                    set(y * n + x, bg0 * (1 - t) + bg1 * t + SIMD3(repeating: m))
                }
            }
            // Clutter behind the object: strokes and blobs in random colours.
            for _ in 0..<(2 + rng.below(5)) { drawClutter(rng: &rng) }

            // The object.
            let radius = rng.uniform(7, 12)
            let aspect = rng.uniform(0.85, 1.18)
            let reach = min(7, 16 - 0.8 * radius)
            let cx = 16 + rng.uniform(-reach, reach), cy = 16 + rng.uniform(-reach, reach)
            let theta = rng.uniform(0, 2 * .pi)
            let local = get(min(n - 1, max(0, Int(cy))) * n + min(n - 1, max(0, Int(cx))))
            // The object colour stands out from the background; the texture's second colour stands out from
            // both, so a texture never cuts the silhouette apart.
            let colourA = SyntheticImages.contrasting([(local, 0.22)], rng: &rng)
            let colourB = SyntheticImages.contrasting([(colourA, 0.25), (local, 0.15)], rng: &rng)
            let f = rng.uniform(1.6, 2.1), p = rng.unit(), q = rng.unit()
            let salt = rng.next()
            let (cosT, sinT) = (cos(theta), sin(theta))
            let (su, sv) = (1 / (radius * aspect), aspect / radius)
            // One pixel step along x and along y, in the object's frame.
            let (ux, vx) = (cosT * su, -sinT * sv), (uy, vy) = (sinT * su, cosT * sv)
            let extent = radius * 1.2
            let x0 = max(0, Int((cx - extent).rounded(.down))), x1 = min(n - 1, Int((cx + extent).rounded(.up)))
            let y0 = max(0, Int((cy - extent).rounded(.down))), y1 = min(n - 1, Int((cy + extent).rounded(.up)))
            if x0 <= x1 && y0 <= y1 {
                for y in y0...y1 {
                    for x in x0...x1 {
                        // 2×2 supersampling: coverage and texture both anti-aliased.
                        var sum = SIMD3<Float>(0, 0, 0)
                        var hits: Float = 0
                        for sy in 0..<2 {
                            for sx in 0..<2 {
                                let dx = Float(x) + 0.25 + 0.5 * Float(sx) - cx
                                let dy = Float(y) + 0.25 + 0.5 * Float(sy) - cy
                                let u = (dx * cosT + dy * sinT) * su
                                let v = (-dx * sinT + dy * cosT) * sv
                                if SyntheticImages.inside(shape, u, v) {
                                    // A one-pixel outline in the object colour keeps the silhouette whole
                                    // whatever the texture: a point is on it when a neighbour 1 px away is outside.
                                    let onOutline = texture != 0 && !(
                                        SyntheticImages.inside(shape, u + ux, v + vx) && SyntheticImages.inside(shape, u - ux, v - vx)
                                            && SyntheticImages.inside(shape, u + uy, v + vy) && SyntheticImages.inside(shape, u - uy, v - vy))
                                    let t = onOutline ? 0 : SyntheticImages.texture(texture, u, v, f: f, p: p, q: q, salt: salt)
                                    sum += colourA * (1 - t) + colourB * t
                                    hits += 1
                                }
                            }
                        }
                        if hits > 0 {
                            let i = y * n + x
                            set(i, get(i) * (1 - hits / 4) + sum / 4)
                        }
                    }
                }
            }
            // Clutter in front: occasional thin strokes across the scene.
            for _ in 0..<rng.below(3) { drawStroke(width: rng.uniform(0.6, 1.0), rng: &rng) }

            // Pixel noise: triangular, zero mean, standard deviation sigma, per channel.
            let sigma = rng.uniform(0.015, 0.06) * 2.449_489_7   // √6 turns (u1 + u2 − 1) into unit variance
            for i in stride(from: 0, to: n * n, by: 1) {
                // Six 16-bit uniforms from two draws: two per channel.
                let a = rng.next(), b = rng.next()
                @inline(__always) func u(_ w: UInt64, _ k: UInt64) -> Float { Float((w >> (16 * k)) & 0xFFFF) * (1 / 65536) }
                let e = SIMD3<Float>(u(a, 0) + u(a, 1) - 1, u(a, 2) + u(a, 3) - 1, u(b, 0) + u(b, 1) - 1)
                set(i, get(i) + sigma * e)
            }
        }

        mutating func drawClutter(rng: inout SplitMix64) {
            if rng.below(3) == 0 {
                // A small blob.
                let c = SyntheticImages.rgb(h: rng.unit(), s: rng.uniform(0.2, 1), v: rng.uniform(0.2, 1))
                let (bx, by, br) = (rng.uniform(0, 32), rng.uniform(0, 32), rng.uniform(1, 2.6))
                paint(x0: bx - br - 1, x1: bx + br + 1, y0: by - br - 1, y1: by + br + 1, colour: c) { x, y in
                    let d = ((x - bx) * (x - bx) + (y - by) * (y - by)).squareRoot()
                    return min(1, max(0, br + 0.5 - d))
                }
            } else {
                drawStroke(width: rng.uniform(0.7, 1.8), rng: &rng)
            }
        }

        /// A straight anti-aliased stroke 4–14 px long.
        mutating func drawStroke(width: Float, rng: inout SplitMix64) {
            let c = SyntheticImages.rgb(h: rng.unit(), s: rng.uniform(0.2, 1), v: rng.uniform(0.15, 1))
            let (ax, ay) = (rng.uniform(0, 32), rng.uniform(0, 32))
            let (angle, length) = (rng.uniform(0, 2 * .pi), rng.uniform(4, 14))
            let (bx, by) = (ax + length * cos(angle), ay + length * sin(angle))
            let (ex, ey) = (bx - ax, by - ay)
            let ll = ex * ex + ey * ey
            paint(x0: min(ax, bx) - width - 1, x1: max(ax, bx) + width + 1, y0: min(ay, by) - width - 1, y1: max(ay, by) + width + 1, colour: c) { x, y in
                // Distance from the pixel centre to the segment.
                let t = min(1, max(0, ((x - ax) * ex + (y - ay) * ey) / ll))
                let (dx, dy) = (x - ax - t * ex, y - ay - t * ey)
                return min(1, max(0, width / 2 + 0.5 - (dx * dx + dy * dy).squareRoot()))
            }
        }

        /// Blends `colour` over the pixels of a box with the coverage `alpha(x, y)` of each pixel centre.
        mutating func paint(x0: Float, x1: Float, y0: Float, y1: Float, colour: SIMD3<Float>, alpha: (Float, Float) -> Float) {
            let n = Canvas.n
            let xa = max(0, Int(x0.rounded(.down))), xb = min(n - 1, Int(x1.rounded(.up)))
            let ya = max(0, Int(y0.rounded(.down))), yb = min(n - 1, Int(y1.rounded(.up)))
            guard xa <= xb && ya <= yb else { return }
            for y in ya...yb {
                for x in xa...xb {
                    let a = alpha(Float(x) + 0.5, Float(y) + 0.5)
                    if a > 0 { blend(y * n + x, colour, a) }
                }
            }
        }

        /// Writes the planes as bytes (R plane, G plane, B plane), clamped to [0, 255].
        func quantize(into destination: UnsafeMutablePointer<UInt8>) {
            let count = SyntheticImages.plane
            for (k, plane) in [r, g, b].enumerated() {
                for i in 0..<count {
                    destination[k * count + i] = UInt8(min(255, max(0, plane[i] * 255 + 0.5)))
                }
            }
        }
    }
}
