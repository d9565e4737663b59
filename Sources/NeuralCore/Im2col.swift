// im2col / col2im on channel-major tensors (C, N, H, W), for a run of images n0..<n0+nb.
// col is (Cg·K·K) × (nb·OH·OW): row r = (ci·K + kh)·K + kw, column (n−n0)·OH·OW + oh·OW + ow, where
// col[r][.] = x[ci][n][oh·s − p + kh][ow·s − p + kw] (zero outside the image).
// Both run on the calling thread: Conv2D gives each thread its own run of images.

struct ConvGeometry {
    let channels: Int          // Cg: input channels of one group
    let batch: Int             // N of the whole tensor (channel stride = N·H·W)
    let height: Int, width: Int
    let kernel: Int, stride: Int, padding: Int
    let outHeight: Int, outWidth: Int

    var rows: Int { channels * kernel * kernel }
    var outSpatial: Int { outHeight * outWidth }
}

enum Im2col {
    /// The outputs o in [lo, hi) whose input index o·s − p + k lies inside [0, size).
    @inline(__always)
    static func validRange(_ k: Int, p: Int, s: Int, size: Int, out: Int) -> (Int, Int) {
        let lo = max(0, (p - k + s - 1) / s)   // numerator ≤ 0 truncates to ≤ 0: max gives 0
        let top = size - 1 + p - k
        let hi = top < 0 ? 0 : min(out, top / s + 1)
        return (lo, max(lo, hi))
    }

    /// Stride 1 with "same" padding (output H×W): each row of col is the input plane shifted by
    /// (kh − p, kw − p), so it is one block copy plus zeroed borders, whatever the map size.
    static func isShift(_ g: ConvGeometry) -> Bool {
        g.stride == 1 && g.outHeight == g.height && g.outWidth == g.width
    }

    /// Narrower shift geometries use the gather table: their block copies are too short to pay.
    static let shiftWidthMinimum = 8

    /// How im2col and col2im walk a geometry, chosen once per convolution call.
    enum Method {
        /// Shifted block copies (`isShift`, at least `shiftWidthMinimum` wide).
        case shifted
        /// A gather table (`gatherTable`): maps narrower than `tableWidthLimit`.
        case gather([Int32])
        /// Row copies: every other geometry.
        case rows
    }

    static func method(for g: ConvGeometry) -> Method {
        if isShift(g) && g.outWidth >= shiftWidthMinimum { return .shifted }
        if g.outWidth < tableWidthLimit { return .gather(gatherTable(g)) }
        return .rows
    }

    /// Fills col (rows × nb·OH·OW) from x (pointer to the group's first channel) by `method`.
    static func forward(_ x: UnsafePointer<Float>, _ g: ConvGeometry, n0: Int, nb: Int, col: UnsafeMutablePointer<Float>, by method: Method) {
        switch method {
        case .shifted: forwardShifted(x, g, n0: n0, nb: nb, col: col)
        case .gather(let table): table.withUnsafeBufferPointer { forward(x, g, n0: n0, nb: nb, col: col, table: $0.baseAddress!) }
        case .rows: forward(x, g, n0: n0, nb: nb, col: col)
        }
    }

    /// dx += col2im(dcol) by `method` (the shifted walk zeroes dcol's border entries: dcol is scratch).
    static func backward(_ dcol: UnsafeMutablePointer<Float>, _ g: ConvGeometry, n0: Int, nb: Int, dx: UnsafeMutablePointer<Float>, by method: Method) {
        switch method {
        case .shifted: backwardShifted(dcol, g, n0: n0, nb: nb, dx: dx)
        case .gather(let table): table.withUnsafeBufferPointer { backward(dcol, g, n0: n0, nb: nb, dx: dx, table: $0.baseAddress!) }
        case .rows: backward(dcol, g, n0: n0, nb: nb, dx: dx)
        }
    }

    /// Where tap k = kh·K + kw of a shift geometry reads: output o takes input o + shift, for outputs
    /// in rows lo..<hi; within those, outputs first..<last read inside the plane, and the columns
    /// `borders` of each row read across a row edge (padding).
    struct ShiftTap {
        let lo: Int, hi: Int, shift: Int, first: Int, last: Int
        let borders: Range<Int>

        init(_ k: Int, _ g: ConvGeometry) {
            let H = g.height, W = g.width
            let dy = k / g.kernel - g.padding, dx = k % g.kernel - g.padding
            // Clamped so that a kernel wider than the map (all padding) gives empty ranges.
            lo = min(H, max(0, -dy)); hi = max(lo, min(H, H - dy))
            shift = dy * W + dx
            first = min(hi * W, max(lo * W, -shift)); last = max(first, min(hi * W, H * W - shift))
            borders = dx < 0 ? 0..<min(W, -dx) : max(0, W - dx)..<W
        }

        /// Sets the border columns of rows lo..<hi of a plane to 0.
        func zeroBorders(_ p: UnsafeMutablePointer<Float>, width W: Int) {
            for row in lo..<hi { for c in borders { p[row * W + c] = 0 } }
        }
    }

    /// `forward` for `isShift` geometries: per tap one block copy, the rest zeros.
    static func forwardShifted(_ x: UnsafePointer<Float>, _ g: ConvGeometry, n0: Int, nb: Int, col: UnsafeMutablePointer<Float>) {
        let kk = g.kernel * g.kernel, W = g.width, plane = g.height * W, len = nb * plane
        let taps = (0..<kk).map { ShiftTap($0, g) }
        for ci in 0..<g.channels {
            for nl in 0..<nb {
                let src = x + (ci * g.batch + n0 + nl) * plane
                for (k, t) in taps.enumerated() {
                    let d = col + (ci * kk + k) * len + nl * plane
                    d.update(repeating: 0, count: t.first)
                    (d + t.first).update(from: src + t.first + t.shift, count: t.last - t.first)
                    (d + t.last).update(repeating: 0, count: plane - t.last)
                    t.zeroBorders(d, width: W)
                }
            }
        }
    }

    /// `backward` (dx += col2im(dcol)) for `isShift` geometries. Zeroes dcol's border entries (they
    /// belong to the padding) so that each tap is one block addition; dcol is scratch.
    static func backwardShifted(_ dcol: UnsafeMutablePointer<Float>, _ g: ConvGeometry, n0: Int, nb: Int, dx: UnsafeMutablePointer<Float>) {
        let kk = g.kernel * g.kernel, W = g.width, plane = g.height * W, len = nb * plane
        let taps = (0..<kk).map { ShiftTap($0, g) }
        for ci in 0..<g.channels {
            for nl in 0..<nb {
                let dst = dx + (ci * g.batch + n0 + nl) * plane
                for (k, t) in taps.enumerated() {
                    let s = dcol + (ci * kk + k) * len + nl * plane
                    t.zeroBorders(s, width: W)
                    let target = dst + t.shift
                    for o in t.first..<t.last { target[o] += s[o] }
                }
            }
        }
    }

    /// Below this output width a row of col is too short for row copies to pay: `method` then picks
    /// a gather table.
    static let tableWidthLimit = 16

    /// Entry k·OH·OW + o is the offset in an H×W input plane read by kernel tap k = kh·K + kw at output
    /// position o = oh·OW + ow, or −1 where that is padding.
    static func gatherTable(_ g: ConvGeometry) -> [Int32] {
        var table = [Int32](repeating: -1, count: g.kernel * g.kernel * g.outSpatial)
        for kh in 0..<g.kernel {
            for kw in 0..<g.kernel {
                let base = (kh * g.kernel + kw) * g.outSpatial
                for oh in 0..<g.outHeight {
                    let ih = oh * g.stride - g.padding + kh
                    guard ih >= 0 && ih < g.height else { continue }
                    for ow in 0..<g.outWidth {
                        let iw = ow * g.stride - g.padding + kw
                        if iw >= 0 && iw < g.width { table[base + oh * g.outWidth + ow] = Int32(ih * g.width + iw) }
                    }
                }
            }
        }
        return table
    }

    /// `forward` through a gather table: one branch-free loop over the OH·OW outputs per tap.
    static func forward(_ x: UnsafePointer<Float>, _ g: ConvGeometry, n0: Int, nb: Int, col: UnsafeMutablePointer<Float>,
                        table: UnsafePointer<Int32>) {
        let kk = g.kernel * g.kernel, os = g.outSpatial, len = nb * os, plane = g.height * g.width
        for ci in 0..<g.channels {
            for nl in 0..<nb {
                let src = x + (ci * g.batch + n0 + nl) * plane
                for k in 0..<kk {
                    let t = table + k * os, d = col + (ci * kk + k) * len + nl * os
                    for o in 0..<os {
                        let index = Int(t[o]), v = src[max(index, 0)]
                        d[o] = index >= 0 ? v : 0
                    }
                }
            }
        }
    }

    /// `backward` (dx += col2im(dcol)) through a gather table.
    static func backward(_ dcol: UnsafePointer<Float>, _ g: ConvGeometry, n0: Int, nb: Int, dx: UnsafeMutablePointer<Float>,
                         table: UnsafePointer<Int32>) {
        let kk = g.kernel * g.kernel, os = g.outSpatial, len = nb * os, plane = g.height * g.width
        for ci in 0..<g.channels {
            for nl in 0..<nb {
                let dst = dx + (ci * g.batch + n0 + nl) * plane
                for k in 0..<kk {
                    let t = table + k * os, src = dcol + (ci * kk + k) * len + nl * os
                    for o in 0..<os {
                        let index = Int(t[o])
                        if index >= 0 { dst[index] += src[o] }
                    }
                }
            }
        }
    }

    /// Fills col (rows × nb·OH·OW) from x (pointer to the group's first channel).
    static func forward(_ x: UnsafePointer<Float>, _ g: ConvGeometry, n0: Int, nb: Int, col: UnsafeMutablePointer<Float>) {
        let kk = g.kernel * g.kernel, len = nb * g.outSpatial
        let H = g.height, W = g.width, OH = g.outHeight, OW = g.outWidth, s = g.stride, p = g.padding
        for r in 0..<g.rows {
            let ci = r / kk, kh = (r / g.kernel) % g.kernel, kw = r % g.kernel
            // Output columns ow whose input column iw = ow·s − p + kw lies inside [0, W).
            let (owLo, owHi) = validRange(kw, p: p, s: s, size: W, out: OW)
            for nl in 0..<nb {
                let src = x + ((ci * g.batch + n0 + nl) * H) * W
                let dstImage = col + r * len + nl * OH * OW
                for oh in 0..<OH {
                    let d = dstImage + oh * OW
                    let ih = oh * s - p + kh
                    if ih < 0 || ih >= H || owLo >= owHi {
                        for ow in 0..<OW { d[ow] = 0 }
                        continue
                    }
                    for ow in 0..<owLo { d[ow] = 0 }
                    for ow in owHi..<OW { d[ow] = 0 }
                    let srow = src + ih * W - p + kw
                    if s == 1 {
                        for ow in owLo..<owHi { d[ow] = srow[ow] }
                    } else {
                        for ow in owLo..<owHi { d[ow] = srow[ow * s] }
                    }
                }
            }
        }
    }

    /// dx += col2im(dcol): the adjoint of `forward`. Writes only images n0..<n0+nb of dx.
    static func backward(_ dcol: UnsafePointer<Float>, _ g: ConvGeometry, n0: Int, nb: Int, dx: UnsafeMutablePointer<Float>) {
        let kk = g.kernel * g.kernel, len = nb * g.outSpatial
        let H = g.height, W = g.width, OH = g.outHeight, OW = g.outWidth, s = g.stride, p = g.padding
        for ci in 0..<g.channels {
            for khw in 0..<kk {
                let r = ci * kk + khw, kh = khw / g.kernel, kw = khw % g.kernel
                let (owLo, owHi) = validRange(kw, p: p, s: s, size: W, out: OW)
                if owLo >= owHi { continue }
                for nl in 0..<nb {
                    let dst = dx + ((ci * g.batch + n0 + nl) * H) * W
                    let srcImage = dcol + r * len + nl * OH * OW
                    for oh in 0..<OH {
                        let ih = oh * s - p + kh
                        if ih < 0 || ih >= H { continue }
                        let srow = srcImage + oh * OW
                        let drow = dst + ih * W - p + kw
                        if s == 1 {
                            for ow in owLo..<owHi { drow[ow] += srow[ow] }
                        } else {
                            for ow in owLo..<owHi { drow[ow * s] += srow[ow] }
                        }
                    }
                }
            }
        }
    }
}
