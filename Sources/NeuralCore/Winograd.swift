// Winograd minimal filtering F(m×m, 3×3), m = 2 or 4, for 3×3, stride-1, padding-1 convolutions on
// channel-major tensors (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", CVPR 2016, §4–5).
// Legend: α = m + 2 the transformed tile, Cg/Og input/output channels of a group, H×W map (output H×W too),
// TH = ⌈H/m⌉, TW = ⌈W/m⌉ tiles, t = (n·TH + th)·TW + tw a tile of a run of images, ξ = α·i + j (0..<α²).
// Each m×m output tile Y sees the α×α input tile d at rows m·th − 1 …, columns m·tw − 1 … (zero outside):
//   V[ξ][c][t] = (Bᵀ d_c,t B)[ξ],  U[ξ][o][c] = (G g_o,c Gᵀ)[ξ],  M[ξ] = U[ξ]·V[ξ]  (α² GEMMs Og×Cg×T),
//   Y_o,t = Aᵀ M[·][o][t] A.
// Multiplies per output: α²/m² instead of 9, i.e. 2.25× fewer for m = 2 and 4× fewer for m = 4.
// Backward is the exact adjoint of these linear maps: dM = A dY Aᵀ, dU[ξ] = Σ_t dM[ξ]·V[ξ]ᵀ, dg = Gᵀ dU G,
// dV[ξ] = U[ξ]ᵀ·dM[ξ], dd = B dV Bᵀ (added over overlapping tiles), so the finite-difference checks test
// exactly what forward computes. Every transform is separable: a 1-D transform along rows, then along
// columns, each written once per tile size (`WinogradTile`) as a loop over TW tiles.
// All loops run on the calling thread; Conv2D splits (group, run of images) units over threads.

/// The 1-D transforms of one F(m, 3). Each maps `count` vectors: vector q has element k at
/// s[q·sStep + k·sStride] and writes element i to d[q·dStep + i·dStride].
protocol WinogradTile {
    static var m: Int { get }
    /// Bᵀ (α ← α) and its adjoint B.
    static func input(_ s: UnsafePointer<Float>, _ sStride: Int, _ sStep: Int, _ d: UnsafeMutablePointer<Float>, _ dStride: Int, _ dStep: Int, _ count: Int)
    static func inputAdjoint(_ s: UnsafePointer<Float>, _ sStride: Int, _ sStep: Int, _ d: UnsafeMutablePointer<Float>, _ dStride: Int, _ dStep: Int, _ count: Int)
    /// Aᵀ (m ← α) and its adjoint A (α ← m).
    static func output(_ s: UnsafePointer<Float>, _ sStride: Int, _ sStep: Int, _ d: UnsafeMutablePointer<Float>, _ dStride: Int, _ dStep: Int, _ count: Int)
    static func outputAdjoint(_ s: UnsafePointer<Float>, _ sStride: Int, _ sStep: Int, _ d: UnsafeMutablePointer<Float>, _ dStride: Int, _ dStep: Int, _ count: Int)
    /// G (α ← 3) and its adjoint Gᵀ (3 ← α).
    static func weight(_ s: UnsafePointer<Float>, _ sStride: Int, _ d: UnsafeMutablePointer<Float>, _ dStride: Int)
    static func weightAdjoint(_ s: UnsafePointer<Float>, _ sStride: Int, _ d: UnsafeMutablePointer<Float>, _ dStride: Int)
}

/// F(2×2, 3×3): Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1], G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
/// Aᵀ = [1 1 1 0; 0 1 −1 −1].
enum WinogradF2: WinogradTile {
    static var m: Int { 2 }
    @inline(__always)
    static func input(_ s: UnsafePointer<Float>, _ ss: Int, _ sp: Int, _ d: UnsafeMutablePointer<Float>, _ ds: Int, _ dp: Int, _ count: Int) {
        for q in 0..<count {
            let a = s + q * sp, o = d + q * dp
            let d0 = a[0], d1 = a[ss], d2 = a[2 * ss], d3 = a[3 * ss]
            o[0] = d0 - d2; o[ds] = d1 + d2; o[2 * ds] = d2 - d1; o[3 * ds] = d1 - d3
        }
    }
    @inline(__always)
    static func inputAdjoint(_ s: UnsafePointer<Float>, _ ss: Int, _ sp: Int, _ d: UnsafeMutablePointer<Float>, _ ds: Int, _ dp: Int, _ count: Int) {
        for q in 0..<count {
            let a = s + q * sp, o = d + q * dp
            let v0 = a[0], v1 = a[ss], v2 = a[2 * ss], v3 = a[3 * ss]
            o[0] = v0; o[ds] = v1 - v2 + v3; o[2 * ds] = v1 + v2 - v0; o[3 * ds] = -v3
        }
    }
    @inline(__always)
    static func output(_ s: UnsafePointer<Float>, _ ss: Int, _ sp: Int, _ d: UnsafeMutablePointer<Float>, _ ds: Int, _ dp: Int, _ count: Int) {
        for q in 0..<count {
            let a = s + q * sp, o = d + q * dp
            let m0 = a[0], m1 = a[ss], m2 = a[2 * ss], m3 = a[3 * ss]
            o[0] = m0 + m1 + m2; o[ds] = m1 - m2 - m3
        }
    }
    @inline(__always)
    static func outputAdjoint(_ s: UnsafePointer<Float>, _ ss: Int, _ sp: Int, _ d: UnsafeMutablePointer<Float>, _ ds: Int, _ dp: Int, _ count: Int) {
        for q in 0..<count {
            let a = s + q * sp, o = d + q * dp
            let y0 = a[0], y1 = a[ss]
            o[0] = y0; o[ds] = y0 + y1; o[2 * ds] = y0 - y1; o[3 * ds] = -y1
        }
    }
    static func weight(_ s: UnsafePointer<Float>, _ ss: Int, _ d: UnsafeMutablePointer<Float>, _ ds: Int) {
        let g0 = s[0], g1 = s[ss], g2 = s[2 * ss]
        d[0] = g0; d[ds] = 0.5 * (g0 + g1 + g2); d[2 * ds] = 0.5 * (g0 - g1 + g2); d[3 * ds] = g2
    }
    static func weightAdjoint(_ s: UnsafePointer<Float>, _ ss: Int, _ d: UnsafeMutablePointer<Float>, _ ds: Int) {
        let u0 = s[0], u1 = s[ss], u2 = s[2 * ss], u3 = s[3 * ss]
        d[0] = u0 + 0.5 * (u1 + u2); d[ds] = 0.5 * (u1 - u2); d[2 * ds] = 0.5 * (u1 + u2) + u3
    }
}

/// F(4×4, 3×3) with interpolation points 0, ±1, ±2, ∞ (Lavin & Gray §5):
/// Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1],
/// G = [¼ 0 0; −⅙ −⅙ −⅙; −⅙ ⅙ −⅙; 1/24 1/12 ⅙; 1/24 −1/12 ⅙; 0 0 1],
/// Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1].
enum WinogradF4: WinogradTile {
    static var m: Int { 4 }
    @inline(__always)
    static func input(_ s: UnsafePointer<Float>, _ ss: Int, _ sp: Int, _ d: UnsafeMutablePointer<Float>, _ ds: Int, _ dp: Int, _ count: Int) {
        for q in 0..<count {
            let a = s + q * sp, o = d + q * dp
            let d0 = a[0], d1 = a[ss], d2 = a[2 * ss], d3 = a[3 * ss], d4 = a[4 * ss], d5 = a[5 * ss]
            let p = d4 - 4 * d2, r = d3 - 4 * d1        // shared by rows 1 and 2
            let u = d4 - d2, w = 2 * (d3 - d1)          // shared by rows 3 and 4
            o[0] = 4 * d0 - 5 * d2 + d4
            o[ds] = p + r; o[2 * ds] = p - r
            o[3 * ds] = u + w; o[4 * ds] = u - w
            o[5 * ds] = 4 * d1 - 5 * d3 + d5
        }
    }
    @inline(__always)
    static func inputAdjoint(_ s: UnsafePointer<Float>, _ ss: Int, _ sp: Int, _ d: UnsafeMutablePointer<Float>, _ ds: Int, _ dp: Int, _ count: Int) {
        // B v: column k of Bᵀ dotted with v.
        for q in 0..<count {
            let a = s + q * sp, o = d + q * dp
            let v0 = a[0], v1 = a[ss], v2 = a[2 * ss], v3 = a[3 * ss], v4 = a[4 * ss], v5 = a[5 * ss]
            o[0] = 4 * v0
            o[ds] = 4 * (v2 - v1) + 2 * (v4 - v3) + 4 * v5
            o[2 * ds] = -5 * v0 - 4 * (v1 + v2) - (v3 + v4)
            o[3 * ds] = (v1 - v2) + 2 * (v3 - v4) - 5 * v5
            o[4 * ds] = v0 + v1 + v2 + v3 + v4
            o[5 * ds] = v5
        }
    }
    @inline(__always)
    static func output(_ s: UnsafePointer<Float>, _ ss: Int, _ sp: Int, _ d: UnsafeMutablePointer<Float>, _ ds: Int, _ dp: Int, _ count: Int) {
        for q in 0..<count {
            let a = s + q * sp, o = d + q * dp
            let m0 = a[0], m1 = a[ss], m2 = a[2 * ss], m3 = a[3 * ss], m4 = a[4 * ss], m5 = a[5 * ss]
            let p = m1 + m2, r = m1 - m2, u = m3 + m4, w = m3 - m4
            o[0] = m0 + p + u; o[ds] = r + 2 * w; o[2 * ds] = p + 4 * u; o[3 * ds] = r + 8 * w + m5
        }
    }
    @inline(__always)
    static func outputAdjoint(_ s: UnsafePointer<Float>, _ ss: Int, _ sp: Int, _ d: UnsafeMutablePointer<Float>, _ ds: Int, _ dp: Int, _ count: Int) {
        // A y: column k of Aᵀ dotted with y.
        for q in 0..<count {
            let a = s + q * sp, o = d + q * dp
            let y0 = a[0], y1 = a[ss], y2 = a[2 * ss], y3 = a[3 * ss]
            let e = y0 + y2, f = y1 + y3, g = y0 + 4 * y2, h = 2 * y1 + 8 * y3
            o[0] = y0; o[ds] = e + f; o[2 * ds] = e - f; o[3 * ds] = g + h; o[4 * ds] = g - h; o[5 * ds] = y3
        }
    }
    static func weight(_ s: UnsafePointer<Float>, _ ss: Int, _ d: UnsafeMutablePointer<Float>, _ ds: Int) {
        let g0 = s[0], g1 = s[ss], g2 = s[2 * ss]
        d[0] = g0 / 4
        d[ds] = -(g0 + g1 + g2) / 6; d[2 * ds] = -(g0 - g1 + g2) / 6
        d[3 * ds] = g0 / 24 + g1 / 12 + g2 / 6; d[4 * ds] = g0 / 24 - g1 / 12 + g2 / 6
        d[5 * ds] = g2
    }
    static func weightAdjoint(_ s: UnsafePointer<Float>, _ ss: Int, _ d: UnsafeMutablePointer<Float>, _ ds: Int) {
        let u0 = s[0], u1 = s[ss], u2 = s[2 * ss], u3 = s[3 * ss], u4 = s[4 * ss], u5 = s[5 * ss]
        d[0] = u0 / 4 - (u1 + u2) / 6 + (u3 + u4) / 24
        d[ds] = (u2 - u1) / 6 + (u3 - u4) / 12
        d[2 * ds] = (u3 + u4 - u1 - u2) / 6 + u5
    }
}

enum Winograd {
    /// Whether F(m×m, 3×3) computes this convolution: 3×3 kernel, stride 1, padding 1.
    static func applies(kernel: Int, stride: Int, padding: Int) -> Bool { kernel == 3 && stride == 1 && padding == 1 }

    /// The output tile (2 or 4) with the fewest multiplies α²·⌈H/m⌉·⌈W/m⌉ per channel pair; ties go to 2
    /// (cheaper transforms, smaller rounding error).
    static func bestTile(height: Int, width: Int) -> Int {
        let f2 = 16 * ((height + 1) / 2) * ((width + 1) / 2), f4 = 36 * ((height + 3) / 4) * ((width + 3) / 4)
        return f4 < f2 ? 4 : 2
    }

    /// One group's view of a map: Cg channels of an N-image batch of H×W planes (channel stride N·H·W), cut
    /// into m×m output tiles.
    struct Geometry {
        let channels: Int, batch: Int, height: Int, width: Int, m: Int
        var alpha: Int { m + 2 }
        var positions: Int { alpha * alpha }
        var tileRows: Int { (height + m - 1) / m }
        var tileColumns: Int { (width + m - 1) / m }
        var tilesPerImage: Int { tileRows * tileColumns }
        var plane: Int { height * width }
        /// Width and height of a zero-padded plane that covers every tile: m·TW + 2 by m·TH + 2.
        var paddedWidth: Int { m * tileColumns + 2 }
        var paddedHeight: Int { m * tileRows + 2 }
        /// Floats of per-thread scratch the transforms below need (enough for each of them).
        var rowScratch: Int {
            let TW = tileColumns
            return paddedWidth + paddedHeight * paddedWidth + paddedHeight * alpha * TW + (alpha + 2) * alpha * TW
        }
    }

    // MARK: weights

    /// U (G × α² × Og × Cg, ξ-major within a group) = G g Gᵀ for every 3×3 kernel g of w (Cout × Cg × 3 × 3).
    static func transformWeights<F: WinogradTile>(_: F.Type, _ w: UnsafePointer<Float>, outputs: Int, channels: Int, groups: Int,
                                                   into u: UnsafeMutablePointer<Float>) {
        let a = F.m + 2, og = outputs / groups, step = og * channels
        let t = UnsafeMutablePointer<Float>.allocate(capacity: 3 * a)
        defer { t.deallocate() }
        for o in 0..<outputs {
            let gi = o / og, ol = o % og
            for c in 0..<channels {
                let g = w + (o * channels + c) * 9
                for k in 0..<3 { F.weight(g + k, 3, t + k, 3) }                       // t (α × 3) = G g
                let dst = u + gi * a * a * step + ol * channels + c
                for i in 0..<a { F.weight(t + 3 * i, 1, dst + a * i * step, step) }  // U = t Gᵀ
            }
        }
    }

    /// dw (Cout × Cg × 3 × 3) += Gᵀ dU G for dU laid out like `transformWeights`' U.
    static func addWeightGradient<F: WinogradTile>(_: F.Type, _ du: UnsafePointer<Float>, outputs: Int, channels: Int, groups: Int,
                                                    into dw: UnsafeMutablePointer<Float>) {
        let a = F.m + 2, og = outputs / groups, step = og * channels
        let t = UnsafeMutablePointer<Float>.allocate(capacity: 3 * a + 3)
        defer { t.deallocate() }
        let r = t + 3 * a
        for o in 0..<outputs {
            let gi = o / og, ol = o % og
            for c in 0..<channels {
                let src = du + gi * a * a * step + ol * channels + c
                for j in 0..<a { F.weightAdjoint(src + j * step, a * step, t + j, a) }   // t (3 × α) = Gᵀ dU
                let g = dw + (o * channels + c) * 9
                for k in 0..<3 {
                    F.weightAdjoint(t + a * k, 1, r, 1)                                  // row k of t G
                    g[3 * k] += r[0]; g[3 * k + 1] += r[1]; g[3 * k + 2] += r[2]
                }
            }
        }
    }

    // MARK: input

    /// V (α² × Cg × T, ξ-stride Cg·T, T = nb·TH·TW) = Bᵀ d B for images n0..<n0+nb of x (the group's first
    /// channel). `rows`: `g.rowScratch` floats.
    static func transformInput<F: WinogradTile>(_: F.Type, _ x: UnsafePointer<Float>, _ g: Geometry, n0: Int, nb: Int,
                                                v: UnsafeMutablePointer<Float>, rows: UnsafeMutablePointer<Float>) {
        let m = F.m, a = m + 2, TH = g.tileRows, TW = g.tileColumns, W = g.width, H = g.height, pw = g.paddedWidth, ph = g.paddedHeight
        let T = nb * g.tilesPerImage, xi = g.channels * T
        let row = rows, e = rows + pw   // one padded input row, then e: ph rows × α × TW of row transforms
        for c in 0..<g.channels {
            for nl in 0..<nb {
                let src = x + (c * g.batch + n0 + nl) * g.plane
                for r in 0..<ph {
                    let ih = r - 1
                    row.update(repeating: 0, count: pw)
                    if ih >= 0 && ih < H { (row + 1).update(from: src + ih * W, count: W) }
                    F.input(row, 1, m, e + r * a * TW, TW, 1, TW)   // e[r][j][tw] = (d_r B)[j]
                }
                for th in 0..<TH {
                    let base = v + c * T + (nl * TH + th) * TW, er = e + m * th * a * TW
                    for j in 0..<a { F.input(er + j * TW, a * TW, 1, base + j * xi, a * xi, 1, TW) }   // V[α·i + j]
                }
            }
        }
    }

    /// dx (images n0..<n0+nb of the group's first channel) = or += B dV Bᵀ summed over overlapping tiles,
    /// dV laid out like `transformInput`'s V. `assign`: write instead of add (dx not yet holding a gradient).
    static func addInputGradient<F: WinogradTile>(_: F.Type, _ dv: UnsafePointer<Float>, _ g: Geometry, n0: Int, nb: Int,
                                                  dx: UnsafeMutablePointer<Float>, assign: Bool, rows: UnsafeMutablePointer<Float>) {
        let m = F.m, a = m + 2, TH = g.tileRows, TW = g.tileColumns, W = g.width, H = g.height, pw = g.paddedWidth, ph = g.paddedHeight
        let T = nb * g.tilesPerImage, xi = g.channels * T
        // The padded dX plane; f: α rows × α × TW of (B dV); q: α × TW, one row of dd per tile.
        let padded = rows, f = rows + ph * pw, q = f + a * a * TW
        for c in 0..<g.channels {
            for nl in 0..<nb {
                padded.update(repeating: 0, count: ph * pw)
                for th in 0..<TH {
                    let base = dv + c * T + (nl * TH + th) * TW
                    for j in 0..<a { F.inputAdjoint(base + j * xi, a * xi, 1, f + j * TW, a * TW, 1, TW) }
                    for r in 0..<a {
                        F.inputAdjoint(f + r * a * TW, TW, 1, q, TW, 1, TW)   // q[k][tw] = dd[r][k]
                        let dst = padded + (m * th + r) * pw
                        // One pass per column k: tiles m apart never overlap within a pass.
                        for k in 0..<a {
                            let qk = q + k * TW, d = dst + k
                            for tw in 0..<TW { d[m * tw] += qk[tw] }
                        }
                    }
                }
                let out = dx + (c * g.batch + n0 + nl) * g.plane
                for ih in 0..<H {
                    let s = padded + (ih + 1) * pw + 1, d = out + ih * W
                    if assign { d.update(from: s, count: W) } else { for k in 0..<W { d[k] += s[k] } }
                }
            }
        }
    }

    // MARK: output

    /// y (images n0..<n0+nb of the group's first output channel, channel stride N·H·W) = Aᵀ M A for every tile,
    /// M (α² × Og × T, ξ-stride Og·T). `rows`: `g.rowScratch` floats.
    static func transformOutput<F: WinogradTile>(_: F.Type, _ mm: UnsafePointer<Float>, _ g: Geometry, outputs og: Int, n0: Int, nb: Int,
                                                 y: UnsafeMutablePointer<Float>, rows: UnsafeMutablePointer<Float>) {
        let m = F.m, a = m + 2, TH = g.tileRows, TW = g.tileColumns, W = g.width, H = g.height
        let T = nb * g.tilesPerImage, xi = og * T
        let s = rows, out = rows + m * a * TW   // s: m rows × α × TW of Aᵀ M; out: one output row of width m·TW
        for o in 0..<og {
            for nl in 0..<nb {
                let dst = y + (o * g.batch + n0 + nl) * g.plane
                for th in 0..<TH {
                    let base = mm + o * T + (nl * TH + th) * TW
                    for j in 0..<a { F.output(base + j * xi, a * xi, 1, s + j * TW, a * TW, 1, TW) }
                    for r in 0..<m {
                        let oh = m * th + r
                        guard oh < H else { break }
                        F.output(s + r * a * TW, TW, 1, out, 1, m, TW)
                        (dst + oh * W).update(from: out, count: W)
                    }
                }
            }
        }
    }

    /// dM (α² × Og × T) = A dY Aᵀ for every tile of images n0..<n0+nb of dy (the group's first output channel);
    /// dY is zero beyond the H×W map.
    static func outputGradient<F: WinogradTile>(_: F.Type, _ dy: UnsafePointer<Float>, _ g: Geometry, outputs og: Int, n0: Int, nb: Int,
                                                dm: UnsafeMutablePointer<Float>, rows: UnsafeMutablePointer<Float>) {
        let m = F.m, a = m + 2, TH = g.tileRows, TW = g.tileColumns, W = g.width, H = g.height
        let T = nb * g.tilesPerImage, xi = og * T
        let row = rows, f = rows + m * TW   // one dY row zero-padded to m·TW; f: m rows × α × TW
        for o in 0..<og {
            for nl in 0..<nb {
                let src = dy + (o * g.batch + n0 + nl) * g.plane
                for th in 0..<TH {
                    for r in 0..<m {
                        let oh = m * th + r
                        row.update(repeating: 0, count: m * TW)
                        if oh < H { row.update(from: src + oh * W, count: W) }
                        F.outputAdjoint(row, 1, m, f + r * a * TW, TW, 1, TW)   // f[r][j] = (dY_r Aᵀ)[j]
                    }
                    let base = dm + o * T + (nl * TH + th) * TW
                    for j in 0..<a { F.outputAdjoint(f + j * TW, a * TW, 1, base + j * xi, a * xi, 1, TW) }
                }
            }
        }
    }
}
