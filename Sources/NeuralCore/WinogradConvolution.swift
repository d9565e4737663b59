// Conv2D through Winograd F(m×m, 3×3), m = 2 or 4 (the transforms are in Winograd.swift).
// Legend: N batch, Cg/Og channels of a group, G groups, H×W map, T tiles of a run of images (nb·TH·TW),
// ξ 0..<α² (α = m + 2). Work is cut like im2col's: units = (group, run of images), thread t taking a contiguous share;
// per unit the input is transformed to V (α² × Cg × T), α² GEMMs give M (α² × Og × T), and M is
// transformed back into the unit's part of Y. Backward redoes V (or reads the copy forward kept), forms
// dM from dY, and runs α² GEMMs for the weight gradient (into a per-thread partial summed in thread order:
// deterministic) and α² for dV, which is transformed back into dX.

extension Conv2D {
    /// Whether this layer runs Winograd on an input of shape `s`: wherever it applies when `algorithm` asks
    /// for it; under `.automatic` when it applies, both channel counts per group are at least
    /// `winogradMinimumChannels` and the batch has at least `winogradMinimumTiles` output tiles. Below either,
    /// the α² GEMMs are too thin (K = Cg, N = tiles) to pay for the transforms: at `quick`'s shapes (16×16 maps,
    /// batch 16, ≤ 32 channels) ResNet18 trained faster with im2col everywhere (3.5–3.7 ms vs 4.1–4.6 ms a step).
    func usesWinograd(for s: Shape) -> Bool {
        let applies = Winograd.applies(kernel: kernelSize, stride: stride, padding: padding)
        switch algorithm {
        case .im2col: return false
        case .winograd, .winogradF2, .winogradF4: return applies
        case .automatic:
            guard applies, min(inputChannels, outputChannels) / groups >= Conv2D.winogradMinimumChannels else { return false }
            let m = winogradTile(height: s.h, width: s.w)
            return s.n * ((s.h + m - 1) / m) * ((s.w + m - 1) / m) >= Conv2D.winogradMinimumTiles
        }
    }

    /// The output tile m of this layer's Winograd path for an H×W map.
    func winogradTile(height: Int, width: Int) -> Int {
        switch algorithm {
        case .winogradF2: return 2
        case .winogradF4: return 4
        default: return Winograd.bestTile(height: height, width: width)
        }
    }

    /// Fewest input and output channels per group for which `.automatic` picks Winograd.
    nonisolated(unsafe) public static var winogradMinimumChannels = 16
    /// Fewest output tiles of a batch (N·⌈H/m⌉·⌈W/m⌉) for which `.automatic` picks Winograd.
    nonisolated(unsafe) public static var winogradMinimumTiles = 128
    /// Most floats of V and M (α²·(Cg + Og)·T) per unit; a run of images is sized to stay under it.
    nonisolated(unsafe) public static var winogradBudget = 1 << 18

    struct WinogradPlan {
        let g: Winograd.Geometry
        let og: Int, imagesPerRun: Int, runs: Int, units: Int, threads: Int
        func images(_ run: Int) -> (n0: Int, count: Int) {
            let n0 = run * imagesPerRun
            return (n0, min(imagesPerRun, g.batch - n0))
        }
        func units(of t: Int) -> Range<Int> { (units * t / threads)..<(units * (t + 1) / threads) }
        /// Floats of V (α² × Cg × T) and of M (α² × Og × T) for a full run.
        var vCount: Int { g.positions * g.channels * imagesPerRun * g.tilesPerImage }
        var mCount: Int { g.positions * og * imagesPerRun * g.tilesPerImage }
    }

    func winogradPlan(_ s: Shape) -> WinogradPlan {
        let cg = inputChannels / groups, og = outputChannels / groups
        let g = Winograd.Geometry(channels: cg, batch: s.n, height: s.h, width: s.w, m: winogradTile(height: s.h, width: s.w))
        let threads = max(1, Parallel.threads)
        var per = max(1, min(s.n, Conv2D.winogradBudget / (g.positions * (cg + og) * g.tilesPerImage)))
        if groups < threads { per = min(per, max(1, (s.n + threads - 1) / threads)) }
        let runs = (s.n + per - 1) / per, units = groups * runs
        return WinogradPlan(g: g, og: og, imagesPerRun: per, runs: runs, units: units, threads: min(threads, units))
    }

    /// Y (N × Cout × H × W) = conv(X) + bias through F(m×m, 3×3); records the backward.
    func winogradForward(_ x: Tensor, _ tape: Tape) -> Tensor {
        let p = winogradPlan(x.shape)
        return p.g.m == 4 ? winogradForward(WinogradF4.self, x, tape, p) : winogradForward(WinogradF2.self, x, tape, p)
    }

    private func winogradForward<F: WinogradTile>(_ f: F.Type, _ x: Tensor, _ tape: Tape, _ p: WinogradPlan) -> Tensor {
        let s = x.shape, o = outputShape(s), y = tape.tensor(o)
        let cg = p.g.channels, og = p.og, cs = s.channelStride, tiles = p.g.tilesPerImage, positions = p.g.positions
        tape.countMACs(s.n * macsPerImage(height: s.h, width: s.w))
        // U (G × α² × Og × Cg), kept for backward (the weights do not change before it runs).
        let uPerGroup = positions * og * cg
        let u = tape.scratch(groups * uPerGroup)
        Winograd.transformWeights(f, store.value(weight), outputs: outputChannels, channels: cg, groups: groups, into: u)
        // Training keeps each unit's V for backward while the tape's column budget lasts.
        let kept = tape.keptColumns(p.units * p.vCount)
        let perThread = (kept == nil ? p.vCount : 0) + p.mCount + p.g.rowScratch
        let scratch = tape.scratch(p.threads * perThread)
        let timing = ThreadTiming(p.threads)
        Profile.time(.convolutionForward) {
            Parallel.run(p.threads) { t in
                var clock = timing.start()
                let m = scratch + t * perThread, rows = m + p.mCount, own = rows + p.g.rowScratch
                for unit in p.units(of: t) {
                    let gi = unit / p.runs, (n0, cnt) = p.images(unit % p.runs), T = cnt * tiles
                    let v = kept.map { $0 + unit * p.vCount } ?? own
                    Winograd.transformInput(f, x.data + gi * cg * cs, p.g, n0: n0, nb: cnt, v: v, rows: rows)
                    timing.lap(t, 0, &clock)
                    let ug = u + gi * uPerGroup
                    for xi in 0..<positions {
                        // M[ξ] (Og × T) = U[ξ] (Og × Cg) · V[ξ] (Cg × T)
                        BLAS.sgemm(transposeA: false, transposeB: false, m: og, n: T, k: cg, alpha: 1,
                                   a: ug + xi * og * cg, lda: cg, b: v + xi * cg * T, ldb: T, beta: 0, c: m + xi * og * T, ldc: T)
                    }
                    timing.lap(t, 1, &clock)
                    Winograd.transformOutput(f, m, p.g, outputs: og, n0: n0, nb: cnt, y: y.data + gi * og * cs, rows: rows)
                    timing.lap(t, 0, &clock)
                }
            }
        }
        timing.book([.threadIm2col, .threadGemmForward])
        addBias(y)
        tape.record { [self] in Profile.time(.convolutionBackward) { winogradBackward(f, x, y, p, u, kept, tape) } }
        return y
    }

    /// dX (= or +=), dW += and dBias += for a forward through F(m×m, 3×3). `u`: forward's U; `kept`: forward's
    /// V, unit u's at u·vCount (nil: recompute).
    private func winogradBackward<F: WinogradTile>(_ f: F.Type, _ x: Tensor, _ y: Tensor, _ p: WinogradPlan, _ u: UnsafePointer<Float>,
                                  _ kept: UnsafeMutablePointer<Float>?, _ tape: Tape) {
        guard let dy = y.gradient else { return }
        let s = x.shape, cg = p.g.channels, og = p.og, cs = s.channelStride, tiles = p.g.tilesPerImage, positions = p.g.positions
        let target = tape.gradientForWriting(of: x), dx = target?.pointer, fresh = target?.fresh ?? false
        addBiasGradient(dy, y.shape.channelStride)
        let uPerGroup = positions * og * cg, uCount = groups * uPerGroup
        // Per thread: a dU partial, dM, row scratch, and V unless forward kept it.
        let perThread = uCount + p.mCount + p.g.rowScratch + (kept == nil ? p.vCount : 0)
        let scratch = tape.scratch(p.threads * perThread)
        let timing = ThreadTiming(p.threads)
        Parallel.run(p.threads) { t in
            var clock = timing.start()
            let partial = scratch + t * perThread, dm = partial + uCount, rows = dm + p.mCount, own = rows + p.g.rowScratch
            partial.update(repeating: 0, count: uCount)
            for unit in p.units(of: t) {
                let gi = unit / p.runs, (n0, cnt) = p.images(unit % p.runs), T = cnt * tiles
                let v: UnsafeMutablePointer<Float>
                if let kept {
                    v = kept + unit * p.vCount
                } else {
                    v = own
                    Winograd.transformInput(f, x.data + gi * cg * cs, p.g, n0: n0, nb: cnt, v: v, rows: rows)
                }
                Winograd.outputGradient(f, dy + gi * og * cs, p.g, outputs: og, n0: n0, nb: cnt, dm: dm, rows: rows)
                timing.lap(t, 0, &clock)
                let ug = u + gi * uPerGroup, dug = partial + gi * uPerGroup
                for xi in 0..<positions {
                    // dU[ξ] (Og × Cg) += dM[ξ] (Og × T) · V[ξ]ᵀ (T × Cg)
                    BLAS.sgemm(transposeA: false, transposeB: true, m: og, n: cg, k: T, alpha: 1,
                               a: dm + xi * og * T, lda: T, b: v + xi * cg * T, ldb: T, beta: 1, c: dug + xi * og * cg, ldc: cg)
                }
                timing.lap(t, 1, &clock)
                guard let dx else { continue }
                for xi in 0..<positions {
                    // dV[ξ] (Cg × T) = U[ξ]ᵀ (Cg × Og) · dM[ξ] (Og × T), over V (no longer needed).
                    BLAS.sgemm(transposeA: true, transposeB: false, m: cg, n: T, k: og, alpha: 1,
                               a: ug + xi * og * cg, lda: cg, b: dm + xi * og * T, ldb: T, beta: 0, c: v + xi * cg * T, ldc: T)
                }
                timing.lap(t, 2, &clock)
                // Every unit covers its own (group, images) block of dX, so a fresh dX is assigned.
                Winograd.addInputGradient(f, v, p.g, n0: n0, nb: cnt, dx: dx + gi * cg * cs, assign: fresh, rows: rows)
                timing.lap(t, 3, &clock)
            }
        }
        timing.book([.threadIm2col, .threadGemmWeightGradient, .threadGemmInputGradient, .threadCol2im])
        // Partials summed in thread order, then one transform back to 3×3 (it is linear).
        for t in 1..<p.threads {
            let src = scratch + t * perThread
            for i in 0..<uCount { scratch[i] += src[i] }
        }
        Winograd.addWeightGradient(f, scratch, outputs: outputChannels, channels: cg, groups: groups, into: store.gradient(weight))
    }
}
