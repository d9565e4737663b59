// Vectorised float reductions (the compiler keeps scalar reductions in order, so it cannot vectorise
// them): 16 lanes of Float per block of 4096 elements, blocks combined in Double. Fixed order, so
// results are deterministic.

enum Reductions {
    /// Σ a[i] over i < n.
    @inline(__always)
    static func sum(_ a: UnsafePointer<Float>, _ n: Int) -> Double {
        var total = 0.0, i = 0
        while i < n {
            let end = min(n, i + 4096)
            var acc = SIMD16<Float>(repeating: 0)
            while i + 16 <= end {
                acc += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD16<Float>.self)
                i += 16
            }
            var block = Double(acc.sum())
            while i < end { block += Double(a[i]); i += 1 }
            total += block
        }
        return total
    }

    /// Σ (a[i] − shift)² over i < n.
    @inline(__always)
    static func sumOfSquares(_ a: UnsafePointer<Float>, _ n: Int, shift: Float) -> Double {
        var total = 0.0, i = 0
        let s = SIMD16<Float>(repeating: shift)
        while i < n {
            let end = min(n, i + 4096)
            var acc = SIMD16<Float>(repeating: 0)
            while i + 16 <= end {
                let d = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD16<Float>.self) - s
                acc += d * d
                i += 16
            }
            var block = Double(acc.sum())
            while i < end { let d = a[i] - shift; block += Double(d * d); i += 1 }
            total += block
        }
        return total
    }

    /// (Σ g[i], Σ g[i]·(x[i] − shift)) over i < n, with g[i] taken as 0 where mask[i] ≤ 0 if a mask is given.
    @inline(__always)
    static func gradientSums(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int, shift: Float,
                             mask: UnsafePointer<Float>?) -> (Double, Double) {
        var t0 = 0.0, t1 = 0.0, i = 0
        let s = SIMD16<Float>(repeating: shift), zero = SIMD16<Float>(repeating: 0)
        while i < n {
            let end = min(n, i + 4096)
            var a0 = zero, a1 = zero
            while i + 16 <= end {
                var gv = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD16<Float>.self)
                if let mask {
                    let m = UnsafeRawPointer(mask + i).loadUnaligned(as: SIMD16<Float>.self)
                    gv.replace(with: zero, where: m .<= zero)
                }
                a0 += gv
                a1 += gv * (UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self) - s)
                i += 16
            }
            var b0 = Double(a0.sum()), b1 = Double(a1.sum())
            while i < end {
                let gi: Float = (mask.map { $0[i] > 0 } ?? true) ? g[i] : 0
                b0 += Double(gi); b1 += Double(gi * (x[i] - shift))
                i += 1
            }
            t0 += b0; t1 += b1
        }
        return (t0, t1)
    }
}
