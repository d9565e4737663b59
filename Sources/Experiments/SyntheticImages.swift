// The embedded default datasets, `synthetic10` and `synthetic100`: 32×32 RGB images of one object on a
// cluttered background, procedurally drawn and fully determined by (seed, split, index).
// An object is one of 10 shapes. synthetic10's class is the shape; its colour is a nuisance.
// synthetic100's class is the shape and a second factor, label = 10·shape + factor: easy, the hue family
// (the object's hue within ±9° of the family's centre, 36° apart; saturation and brightness vary); hard,
// the texture (the colour a nuisance again). The hue is learnt fast, which suits the short presets; the
// texture is the harder factor, so that hard synthetic100 stays clearly harder than hard synthetic10.
// Two difficulties (SyntheticDifficulty), each a fixed set of nuisance strengths:
// - easy: flat-coloured objects, radius 9–13, within ±5 px of the centre, rotation ±10°, 1–3 clutter
//   items behind and up to 1 stroke in front, noise σ ≤ 0.04. What the `quick` preset can learn: textures
//   or rotations beyond ±10° each kept ResNet18 at width 1/16 at chance for 500 steps on 16×16 images.
// - hard: objects shaded with one of 10 textures (a pattern of the object's colour and a darker or
//   lighter tone of it), radius 7–12, within ±7 px, any rotation, 2–6 clutter items behind and up to 2
//   strokes in front, noise σ ≤ 0.06, stronger mottling. For the longer presets, where easy saturates.
// Common nuisances: position, scale, aspect, colour, background colours, gradient and mottling, clutter
// (strokes and blobs), pixel noise.
// Every image owns a SplitMix64 stream, so the bytes do not depend on thread count or order.
import Foundation
import RunRecords

/// How strong the synthetic datasets' nuisances are (see the top of this file; the enum is RunRecords').
extension SyntheticDifficulty {
    var radius: ClosedRange<Float> { self == .easy ? 9...13 : 7...12 }
    var reach: Float { self == .easy ? 5 : 7 }
    var rotation: Float { self == .easy ? .pi / 18 : .pi }
    var textured: Bool { self == .hard }
    var clutterBehind: (base: Int, extra: Int) { self == .easy ? (1, 3) : (2, 5) }
    var strokesInFront: Int { self == .easy ? 2 : 3 }
    var noise: ClosedRange<Float> { self == .easy ? 0.01...0.04 : 0.015...0.06 }
    var mottle: Float { self == .easy ? 0.08 : 0.12 }
}

public enum SyntheticKind: String, CaseIterable, Sendable {
    case synthetic10
    case synthetic100

    public var classes: Int { self == .synthetic10 ? 10 : 100 }

    /// The class names: the shape (synthetic10), "shape/hue" (easy synthetic100) or "shape/texture" (hard).
    public func classNames(_ difficulty: SyntheticDifficulty = .easy) -> [String] {
        switch self {
        case .synthetic10: return SyntheticImages.shapeNames
        case .synthetic100:
            let second = difficulty == .easy ? SyntheticImages.hueNames : SyntheticImages.textureNames
            return SyntheticImages.shapeNames.flatMap { s in second.map { "\(s)/\($0)" } }
        }
    }
}

public enum SyntheticImages {
    public static let shapeNames = ["disk", "ring", "triangle", "square", "star", "cross", "crescent", "arrow", "corner", "hourglass"]
    /// The hard difficulty's textures (hard synthetic100's second factor, a nuisance in synthetic10).
    public static let textureNames = ["solid", "stripes", "checks", "dots", "rings", "wedges", "ramp", "glow", "halves", "mosaic"]
    /// synthetic100's hue families, centred at 0°, 36°, …, 324°.
    public static let hueNames = ["red", "orange", "yellow", "chartreuse", "green", "cyan", "azure", "blue", "violet", "magenta"]
    static let side = 32
    static let plane = side * side

    /// The train and test splits of `kind`, class-balanced (label = index mod classes), from one seed.
    public static func splits(
        _ kind: SyntheticKind, difficulty: SyntheticDifficulty = .easy, trainCount: Int, testCount: Int, seed: UInt64, threads: Int? = nil
    ) -> (train: ImageDataset, test: ImageDataset) {
        (generate(kind, difficulty: difficulty, count: trainCount, seed: seed, split: 0, threads: threads),
         generate(kind, difficulty: difficulty, count: testCount, seed: seed, split: 1, threads: threads))
    }

    /// `count` images of split `split` (0 train, 1 test; any other number is a further independent split).
    /// `threads` (default: all cores) changes only the speed, never the bytes.
    public static func generate(
        _ kind: SyntheticKind, difficulty: SyntheticDifficulty = .easy, count: Int, seed: UInt64, split: UInt64, threads: Int? = nil
    ) -> ImageDataset {
        precondition(count >= 0, "SyntheticImages expected a non-negative count, got \(count)")
        let imageBytes = 3 * plane
        let labels = (0..<count).map { Int32($0 % kind.classes) }
        let classes = kind.classes
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, max(1, count / 64)))
        let pixels = [UInt8](unsafeUninitializedCapacity: count * imageBytes) { buffer, initialized in
            let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let scratch = Canvas()
                for i in stride(from: w, to: count, by: workers) {
                    var rng = SplitMix64(seed: seed, stream: split, index: UInt64(i))
                    let label = i % classes
                    let shape = kind == .synthetic10 ? label : label / 10
                    let factor: Int? = kind == .synthetic10 ? nil : label % 10
                    scratch.draw(shape: shape, hueFamily: difficulty == .easy ? factor : nil,
                                 texture: difficulty == .hard ? factor : nil, difficulty: difficulty, rng: &rng)
                    scratch.quantize(into: base + i * imageBytes)
                }
            }
            initialized = count * imageBytes
        }
        let name = "\(kind.rawValue)-\(split == 0 ? "train" : split == 1 ? "test" : "split\(split)")"
        return ImageDataset(name: name, classes: kind.classes, pixels: pixels, labels: labels)
    }

    // MARK: - Shapes, in the object's own frame (unit radius, y down)

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
            let turns = a * (5 / (2 * .pi))
            let f = turns - turns.rounded(.down)
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

    /// A random colour whose luminance differs from `a`'s by at least `gap`, of any hue, or of a hue within
    /// ±9° of `family`·36° when a family is given; after 12 draws that all fail, the draw that came closest.
    static func contrasting(_ a: SIMD3<Float>, _ gap: Float, family: Int? = nil, rng: inout SplitMix64) -> SIMD3<Float> {
        var best = SIMD3<Float>(0, 0, 0)
        var bestMargin = -Float.infinity
        for _ in 0..<12 {
            let c = family.map { f in rgb(h: (Float(f) + rng.uniform(-0.25, 0.25)) / 10, s: rng.uniform(0.6, 1), v: rng.uniform(0.45, 1)) }
                ?? rgb(h: rng.unit(), s: rng.uniform(0.3, 1), v: rng.uniform(0.2, 1))
            let margin = abs(luminance(c) - luminance(a)) - gap
            if margin >= 0 { return c }
            if margin > bestMargin { (best, bestMargin) = (c, margin) }
        }
        return best
    }

    /// The texture's second colour: a darker tone of `c` (a lighter one when `c` is dark), same hue.
    static func tone(of c: SIMD3<Float>) -> SIMD3<Float> {
        luminance(c) > 0.4 ? c * 0.6 : c + (SIMD3<Float>(1, 1, 1) - c) * 0.45
    }

    // MARK: - The canvas

    /// One image being drawn: 32×32 RGB(A unused) floats in [0, 1], owned by one worker and reused
    /// across its images (unsafe storage: no per-image allocation, no copy-on-write checks).
    final class Canvas {
        static let n = SyntheticImages.side
        let px = UnsafeMutablePointer<SIMD4<Float>>.allocate(capacity: SyntheticImages.plane)

        init() { px.initialize(repeating: .zero, count: SyntheticImages.plane) }
        deinit { px.deallocate() }

        @inline(__always) func blend(_ i: Int, _ c: SIMD4<Float>, _ alpha: Float) {
            px[i] = px[i] * (1 - alpha) + c * alpha
        }

        /// Draws one scene: `shape` in a random colour, or in a colour of hue family `hueFamily`, with the
        /// nuisances of `difficulty`; a hard scene's texture is `texture`, or random when nil.
        func draw(shape: Int, hueFamily: Int?, texture chosen: Int? = nil, difficulty d: SyntheticDifficulty, rng: inout SplitMix64) {
            let n = Canvas.n
            // Background: a two-colour linear gradient plus low-frequency mottling
            // m·sin(wx·x + wy·y + φ) = m·(sin(wx·x + φ)·cos(wy·y) + cos(wx·x + φ)·sin(wy·y)).
            let bg0 = SyntheticImages.rgb(h: rng.unit(), s: rng.uniform(0, 0.7), v: rng.uniform(0.1, 0.95))
            let bg1 = SyntheticImages.rgb(h: rng.unit(), s: rng.uniform(0, 0.7), v: rng.uniform(0.1, 0.95))
            let phi = rng.uniform(0, 2 * .pi)
            let (gx, gy) = (cos(phi) / 32, sin(phi) / 32)
            let mottle = rng.uniform(0, d.mottle)
            let (wx, wy, wp) = (rng.uniform(-0.45, 0.45), rng.uniform(-0.45, 0.45), rng.uniform(0, 2 * .pi))
            let c0 = SIMD4(bg0, 0), c1 = SIMD4(bg1, 0)
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 4 * n) { t in
                for k in 0..<n {
                    t[k] = mottle * sin(wx * Float(k) + wp); t[n + k] = mottle * cos(wx * Float(k) + wp)
                    t[2 * n + k] = sin(wy * Float(k)); t[3 * n + k] = cos(wy * Float(k))
                }
                for y in 0..<n {
                    for x in 0..<n {
                        let g = min(1, max(0, 0.5 + (Float(x) - 15.5) * gx + (Float(y) - 15.5) * gy))
                        let m = t[x] * t[3 * n + y] + t[n + x] * t[2 * n + y]
                        px[y * n + x] = c0 + (c1 - c0) * g + SIMD4(m, m, m, 0)
                    }
                }
            }
            // Clutter behind the object: strokes and blobs in random colours.
            for _ in 0..<(d.clutterBehind.base + rng.below(d.clutterBehind.extra)) { drawClutter(rng: &rng) }

            // The object.
            let radius = rng.uniform(d.radius.lowerBound, d.radius.upperBound)
            let aspect = rng.uniform(0.85, 1.18)
            let reach = min(d.reach, 16 - 0.8 * radius)
            let cx = 16 + rng.uniform(-reach, reach), cy = 16 + rng.uniform(-reach, reach)
            let theta = rng.uniform(-d.rotation, d.rotation)
            let local = px[min(n - 1, max(0, Int(cy))) * n + min(n - 1, max(0, Int(cx)))]
            // The object's colour stands out from the background under its centre.
            let objectRGB = SyntheticImages.contrasting(SIMD3(local.x, local.y, local.z), 0.25, family: hueFamily, rng: &rng)
            let colour = SIMD4(objectRGB, 0), toneColour = SIMD4(SyntheticImages.tone(of: objectRGB), 0)
            // hard: a texture of the colour and its tone, random frequency f, phases p, q, mosaic salt.
            let randomTexture = d.textured ? rng.below(10) : 0
            let texture = chosen ?? randomTexture
            let (f, p, q, salt) = d.textured ? (rng.uniform(1.6, 2.1), rng.unit(), rng.unit(), rng.next()) : (0, 0, 0, 0)
            let (cosT, sinT) = (cos(theta), sin(theta))
            let (su, sv) = (1 / (radius * aspect), aspect / radius)
            let extent = radius * 1.2
            let x0 = max(0, Int((cx - extent).rounded(.down))), x1 = min(n - 1, Int((cx + extent).rounded(.up)))
            let y0 = max(0, Int((cy - extent).rounded(.down))), y1 = min(n - 1, Int((cy + extent).rounded(.up)))
            if x0 <= x1 && y0 <= y1 {
                for y in y0...y1 {
                    for x in x0...x1 {
                        // Coverage and texture from 2×2 subsamples (anti-aliased).
                        var hits = 0
                        var sum = SIMD4<Float>(0, 0, 0, 0)
                        for sy in 0..<2 {
                            for sx in 0..<2 {
                                let dx = Float(x) + 0.25 + 0.5 * Float(sx) - cx, dy = Float(y) + 0.25 + 0.5 * Float(sy) - cy
                                let (u, v) = ((dx * cosT + dy * sinT) * su, (-dx * sinT + dy * cosT) * sv)
                                guard SyntheticImages.inside(shape, u, v) else { continue }
                                hits += 1
                                let t = texture == 0 ? 0 : SyntheticImages.texture(texture, u, v, f: f, p: p, q: q, salt: salt)
                                sum += colour + (toneColour - colour) * t
                            }
                        }
                        if hits > 0 {
                            let k = y * n + x
                            px[k] = px[k] * (1 - Float(hits) / 4) + sum / 4
                        }
                    }
                }
            }
            // Clutter in front: occasional thin strokes across the scene.
            for _ in 0..<rng.below(d.strokesInFront) { drawStroke(width: rng.uniform(0.6, 1.0), rng: &rng) }

            // Pixel noise: triangular, zero mean, standard deviation sigma, per channel; six 16-bit
            // uniforms from two draws, two per channel.
            let sigma = rng.uniform(d.noise.lowerBound, d.noise.upperBound) * 2.449_489_7   // √6 turns (u1 + u2 − 1) into unit variance
            @inline(__always) func u(_ w: UInt64, _ k: UInt64) -> Float { Float((w >> (16 * k)) & 0xFFFF) * (1 / 65536) }
            for i in 0..<(n * n) {
                let a = rng.next(), b = rng.next()
                px[i] += sigma * SIMD4(u(a, 0) + u(a, 1) - 1, u(a, 2) + u(a, 3) - 1, u(b, 0) + u(b, 1) - 1, 0)
            }
        }

        func drawClutter(rng: inout SplitMix64) {
            if rng.below(3) == 0 {
                // A small blob.
                let c = SIMD4(SyntheticImages.rgb(h: rng.unit(), s: rng.uniform(0.2, 1), v: rng.uniform(0.2, 1)), 0)
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
        func drawStroke(width: Float, rng: inout SplitMix64) {
            let c = SIMD4(SyntheticImages.rgb(h: rng.unit(), s: rng.uniform(0.2, 1), v: rng.uniform(0.15, 1)), 0)
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
        @inline(__always)
        func paint(x0: Float, x1: Float, y0: Float, y1: Float, colour: SIMD4<Float>, alpha: (Float, Float) -> Float) {
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

        /// Writes the image as bytes (R plane, G plane, B plane), clamped to [0, 255].
        func quantize(into destination: UnsafeMutablePointer<UInt8>) {
            let count = SyntheticImages.plane
            for i in 0..<count {
                let v = px[i] * 255 + 0.5
                destination[i] = UInt8(min(255, max(0, v.x)))
                destination[count + i] = UInt8(min(255, max(0, v.y)))
                destination[2 * count + i] = UInt8(min(255, max(0, v.z)))
            }
        }
    }
}

