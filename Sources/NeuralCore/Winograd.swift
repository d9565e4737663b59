// Winograd minimal filtering F(2×2, 3×3) for 3×3, stride-1, padding-1 convolutions on channel-major
// tensors (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", CVPR 2016, section 4).
// Legend: Cg/Og input/output channels of a group, H×W map (output H×W too), TH = ⌈H/2⌉, TW = ⌈W/2⌉ tiles,
// t = (n·TH + th)·TW + tw a tile of a run of images, ξ = 4i + j (0..<16) a position of a 4×4 transformed tile.
// Each 2×2 output tile Y sees the 4×4 input tile d at rows 2th−1…2th+2, columns 2tw−1…2tw+2 (zero outside):
//   V[ξ][c][t] = (Bᵀ d_c,t B)[ξ],  U[ξ][o][c] = (G g_o,c Gᵀ)[ξ],  M[ξ] = U[ξ] · V[ξ]  (16 GEMMs Og×Cg×T),
//   Y_o,t = Aᵀ M[·][o][t] A   with
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],  G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],  Aᵀ = [1 1 1 0; 0 1 −1 −1].
// 16 multiplies per 2×2 outputs instead of 36: 2.25× fewer. Backward is the exact adjoint of these linear maps:
//   dM = A dY Aᵀ,  dU[ξ] = Σ_t dM[ξ]·V[ξ]ᵀ,  dg = Gᵀ dU G,  dV[ξ] = U[ξ]ᵀ·dM[ξ],  dd = B dV Bᵀ (added over
// the overlapping tiles), so the finite-difference checks test exactly what forward computes.
// All loops run on the calling thread; Conv2D splits (group, run of images) units over threads.

enum Winograd {
    /// Whether F(2×2, 3×3) computes this convolution: 3×3 kernel, stride 1, padding 1.
    static func applies(kernel: Int, stride: Int, padding: Int) -> Bool { kernel == 3 && stride == 1 && padding == 1 }

    /// One group's view of a map: Cg channels of an N-image batch of H×W planes (channel stride N·H·W).
    struct Geometry {
        let channels: Int, batch: Int, height: Int, width: Int
        var tileRows: Int { (height + 1) / 2 }
        var tileColumns: Int { (width + 1) / 2 }
        var tilesPerImage: Int { tileRows * tileColumns }
        var plane: Int { height * width }
        /// Width and height of a zero-padded plane that covers every tile: 2·TW + 2 by 2·TH + 2.
        var paddedWidth: Int { 2 * tileColumns + 2 }
        var paddedHeight: Int { 2 * tileRows + 2 }
        /// Floats of per-thread row scratch the transforms below need (the largest: one padded row and
        /// the row transforms of a padded plane, or a padded plane and 16 rows of TW).
        var rowScratch: Int { paddedWidth + paddedHeight * 4 * tileColumns + 16 * tileColumns }
    }

    // MARK: weights

    /// U (16 × Og × Cg per group, ξ-major) = G g Gᵀ for every 3×3 kernel g of w (Cout × Cg × 3 × 3).
    static func transformWeights(_ w: UnsafePointer<Float>, outputs: Int, channels: Int, groups: Int, into u: UnsafeMutablePointer<Float>) {
        let og = outputs / groups, step = og * channels
        let t = UnsafeMutablePointer<Float>.allocate(capacity: 12)
        defer { t.deallocate() }
        for o in 0..<outputs {
            let gi = o / og, ol = o % og
            for c in 0..<channels {
                let g = w + (o * channels + c) * 9
                // Rows: t = G g (4×3).
                for k in 0..<3 {
                    let g0 = g[k], g1 = g[3 + k], g2 = g[6 + k]
                    t[k] = g0; t[3 + k] = 0.5 * (g0 + g1 + g2); t[6 + k] = 0.5 * (g0 - g1 + g2); t[9 + k] = g2
                }
                // Columns: U = t Gᵀ (4×4).
                let dst = u + gi * 16 * step + ol * channels + c
                for i in 0..<4 {
                    let a = t[3 * i], b = t[3 * i + 1], d = t[3 * i + 2]
                    dst[(4 * i) * step] = a
                    dst[(4 * i + 1) * step] = 0.5 * (a + b + d)
                    dst[(4 * i + 2) * step] = 0.5 * (a - b + d)
                    dst[(4 * i + 3) * step] = d
                }
            }
        }
    }

    /// dw (Cout × Cg × 3 × 3) += Gᵀ dU G for dU laid out like `transformWeights`' U.
    static func addWeightGradient(_ du: UnsafePointer<Float>, outputs: Int, channels: Int, groups: Int, into dw: UnsafeMutablePointer<Float>) {
        let og = outputs / groups, step = og * channels
        let t = UnsafeMutablePointer<Float>.allocate(capacity: 12)
        defer { t.deallocate() }
        for o in 0..<outputs {
            let gi = o / og, ol = o % og
            for c in 0..<channels {
                let src = du + gi * 16 * step + ol * channels + c
                // Rows: t = Gᵀ dU (3×4), Gᵀ u = [u0 + ½(u1 + u2), ½(u1 − u2), ½(u1 + u2) + u3].
                for j in 0..<4 {
                    let u0 = src[j * step], u1 = src[(4 + j) * step], u2 = src[(8 + j) * step], u3 = src[(12 + j) * step]
                    t[j] = u0 + 0.5 * (u1 + u2); t[4 + j] = 0.5 * (u1 - u2); t[8 + j] = 0.5 * (u1 + u2) + u3
                }
                // Columns: dg = t G (3×3).
                let g = dw + (o * channels + c) * 9
                for k in 0..<3 {
                    let u0 = t[4 * k], u1 = t[4 * k + 1], u2 = t[4 * k + 2], u3 = t[4 * k + 3]
                    g[3 * k] += u0 + 0.5 * (u1 + u2); g[3 * k + 1] += 0.5 * (u1 - u2); g[3 * k + 2] += 0.5 * (u1 + u2) + u3
                }
            }
        }
    }

    // MARK: input

    /// V (16 × Cg × T, ξ-stride Cg·T, T = nb·TH·TW) = Bᵀ d B for images n0..<n0+nb of x (the group's first channel).
    /// `rows`: `g.rowScratch` floats.
    static func transformInput(_ x: UnsafePointer<Float>, _ g: Geometry, n0: Int, nb: Int, v: UnsafeMutablePointer<Float>,
                               rows: UnsafeMutablePointer<Float>) {
        let TH = g.tileRows, TW = g.tileColumns, W = g.width, H = g.height, pw = g.paddedWidth, ph = g.paddedHeight
        let T = nb * g.tilesPerImage, xi = g.channels * T
        // Row transform of every padded row r: e[r][j][tw] = (d_r B)[j] with d_r the 4 values at 2tw…2tw+3.
        let row = rows, eRows = rows + pw   // one padded input row (width pw), then e: ph × 4 × TW
        for c in 0..<g.channels {
            for nl in 0..<nb {
                let src = x + (c * g.batch + n0 + nl) * g.plane
                for r in 0..<ph {
                    let ih = r - 1
                    row.update(repeating: 0, count: pw)
                    if ih >= 0 && ih < H { (row + 1).update(from: src + ih * W, count: W) }
                    let out = eRows + r * 4 * TW
                    for tw in 0..<TW {
                        let d0 = row[2 * tw], d1 = row[2 * tw + 1], d2 = row[2 * tw + 2], d3 = row[2 * tw + 3]
                        out[tw] = d0 - d2; out[TW + tw] = d1 + d2; out[2 * TW + tw] = d2 - d1; out[3 * TW + tw] = d1 - d3
                    }
                }
                // Column transform: V[4i + j] from e of rows 2th…2th+3.
                for th in 0..<TH {
                    let e0 = eRows + (2 * th) * 4 * TW, e1 = e0 + 4 * TW, e2 = e1 + 4 * TW, e3 = e2 + 4 * TW
                    let base = v + c * T + (nl * TH + th) * TW
                    for j in 0..<4 {
                        let a0 = e0 + j * TW, a1 = e1 + j * TW, a2 = e2 + j * TW, a3 = e3 + j * TW
                        let v0 = base + j * xi, v1 = base + (4 + j) * xi, v2 = base + (8 + j) * xi, v3 = base + (12 + j) * xi
                        for tw in 0..<TW {
                            v0[tw] = a0[tw] - a2[tw]; v1[tw] = a1[tw] + a2[tw]; v2[tw] = a2[tw] - a1[tw]; v3[tw] = a1[tw] - a3[tw]
                        }
                    }
                }
            }
        }
    }

    /// dx (images n0..<n0+nb of the group's first channel) = or += B dV Bᵀ summed over overlapping tiles,
    /// dV laid out like `transformInput`'s V. `assign`: write instead of add (dx not yet holding a gradient).
    static func addInputGradient(_ dv: UnsafePointer<Float>, _ g: Geometry, n0: Int, nb: Int, dx: UnsafeMutablePointer<Float>,
                                 assign: Bool, rows: UnsafeMutablePointer<Float>) {
        let TH = g.tileRows, TW = g.tileColumns, W = g.width, H = g.height, pw = g.paddedWidth, ph = g.paddedHeight
        let T = nb * g.tilesPerImage, xi = g.channels * T
        let padded = rows, f = rows + ph * pw   // padded dx plane, then 4 rows × 4 × TW of column sums
        for c in 0..<g.channels {
            for nl in 0..<nb {
                padded.update(repeating: 0, count: ph * pw)
                for th in 0..<TH {
                    let base = dv + c * T + (nl * TH + th) * TW
                    // Rows: f[r][j] = (B dV)[r][j]; B v = [v0, v1 − v2 + v3, −v0 + v1 + v2, −v3].
                    for j in 0..<4 {
                        let v0 = base + j * xi, v1 = base + (4 + j) * xi, v2 = base + (8 + j) * xi, v3 = base + (12 + j) * xi
                        let f0 = f + j * TW, f1 = f0 + 4 * TW, f2 = f1 + 4 * TW, f3 = f2 + 4 * TW
                        for tw in 0..<TW {
                            f0[tw] = v0[tw]; f1[tw] = v1[tw] - v2[tw] + v3[tw]; f2[tw] = v1[tw] + v2[tw] - v0[tw]; f3[tw] = -v3[tw]
                        }
                    }
                    // Columns: dd[r] = f[r] Bᵀ, added into padded rows 2th + r at columns 2tw…2tw+3.
                    for r in 0..<4 {
                        let q0 = f + r * 4 * TW, q1 = q0 + TW, q2 = q1 + TW, q3 = q2 + TW
                        let dst = padded + (2 * th + r) * pw
                        // Two passes so that writes to a column within one pass never overlap.
                        for tw in 0..<TW {
                            dst[2 * tw] += q0[tw]
                            dst[2 * tw + 1] += q1[tw] - q2[tw] + q3[tw]
                        }
                        for tw in 0..<TW {
                            dst[2 * tw + 2] += q1[tw] + q2[tw] - q0[tw]
                            dst[2 * tw + 3] -= q3[tw]
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
    /// M (16 × Og × T, ξ-stride Og·T). `rows`: `g.rowScratch` floats.
    static func transformOutput(_ m: UnsafePointer<Float>, _ g: Geometry, outputs og: Int, n0: Int, nb: Int,
                                y: UnsafeMutablePointer<Float>, rows: UnsafeMutablePointer<Float>) {
        let TH = g.tileRows, TW = g.tileColumns, W = g.width, H = g.height
        let T = nb * g.tilesPerImage, xi = og * T
        let s = rows, out = rows + 8 * TW   // s: 2 rows × 4 × TW of row sums; out: 2 output rows of width 2·TW
        for o in 0..<og {
            for nl in 0..<nb {
                let dst = y + (o * g.batch + n0 + nl) * g.plane
                for th in 0..<TH {
                    let base = m + o * T + (nl * TH + th) * TW
                    // Rows: Aᵀ M, row 0 = M0 + M1 + M2, row 1 = M1 − M2 − M3.
                    for j in 0..<4 {
                        let m0 = base + j * xi, m1 = base + (4 + j) * xi, m2 = base + (8 + j) * xi, m3 = base + (12 + j) * xi
                        let s0 = s + j * TW, s1 = s + (4 + j) * TW
                        for tw in 0..<TW {
                            s0[tw] = m0[tw] + m1[tw] + m2[tw]; s1[tw] = m1[tw] - m2[tw] - m3[tw]
                        }
                    }
                    // Columns: (Aᵀ M) A.
                    for r in 0..<2 {
                        let q0 = s + r * 4 * TW, q1 = q0 + TW, q2 = q1 + TW, q3 = q2 + TW, d = out + r * 2 * TW
                        for tw in 0..<TW {
                            d[2 * tw] = q0[tw] + q1[tw] + q2[tw]; d[2 * tw + 1] = q1[tw] - q2[tw] - q3[tw]
                        }
                        let oh = 2 * th + r
                        if oh < H { (dst + oh * W).update(from: d, count: W) }
                    }
                }
            }
        }
    }

    /// dM (16 × Og × T) = A dY Aᵀ for every tile of images n0..<n0+nb of dy (the group's first output channel);
    /// dY is zero beyond the H×W map.
    static func outputGradient(_ dy: UnsafePointer<Float>, _ g: Geometry, outputs og: Int, n0: Int, nb: Int,
                               dm: UnsafeMutablePointer<Float>, rows: UnsafeMutablePointer<Float>) {
        let TH = g.tileRows, TW = g.tileColumns, W = g.width, H = g.height
        let T = nb * g.tilesPerImage, xi = og * T
        let row = rows, f = rows + 2 * TW   // one dY row zero-padded to 2·TW; f: 2 rows × 4 × TW
        for o in 0..<og {
            for nl in 0..<nb {
                let src = dy + (o * g.batch + n0 + nl) * g.plane
                for th in 0..<TH {
                    // Columns: f[r] = dY_r Aᵀ… as a row vector times A: [a, a + b, a − b, −b].
                    for r in 0..<2 {
                        let oh = 2 * th + r, q = f + r * 4 * TW
                        row.update(repeating: 0, count: 2 * TW)
                        if oh < H { row.update(from: src + oh * W, count: W) }
                        for tw in 0..<TW {
                            let a = row[2 * tw], b = row[2 * tw + 1]
                            q[tw] = a; q[TW + tw] = a + b; q[2 * TW + tw] = a - b; q[3 * TW + tw] = -b
                        }
                    }
                    // Rows: dM[4i + j] = A f: [f0, f0 + f1, f0 − f1, −f1].
                    let base = dm + o * T + (nl * TH + th) * TW
                    for j in 0..<4 {
                        let f0 = f + j * TW, f1 = f + (4 + j) * TW
                        let d0 = base + j * xi, d1 = base + (4 + j) * xi, d2 = base + (8 + j) * xi, d3 = base + (12 + j) * xi
                        for tw in 0..<TW {
                            d0[tw] = f0[tw]; d1[tw] = f0[tw] + f1[tw]; d2[tw] = f0[tw] - f1[tw]; d3[tw] = -f1[tw]
                        }
                    }
                }
            }
        }
    }
}
