// 2-D convolution (PyTorch Conv2d: cross-correlation, zero padding, groups) as im2col + GEMM.
// Legend: N batch, Cin/Cout channels, G groups, Cg = Cin/G, Og = Cout/G, K kernel, H×W input,
// OH×OW output, R = Cg·K·K rows of col. Weight Cout × Cg × K × K; bias Cout.
// Storage is channel-major, so for a run of images n0..<n0+nb (a column block of width nb·OH·OW):
//   Y_g[:, block] (Og × cols, ld N·OH·OW) = W_g (Og × R) · col (R × cols).
// Work is split over threads by (group, run of images): each thread fills its own small col (sized to
// stay in cache) and calls a single-threaded GEMM on it, so im2col, GEMM and col2im all run on both
// cores and a col is consumed while it is still cached. 1×1 stride-1 convs use x itself as col.
// Weight gradients go to one partial buffer per thread, summed in thread order (deterministic).
// 3×3 stride-1 padding-1 convolutions with enough channels per group use Winograd F(2×2, 3×3) or
// F(4×4, 3×3) instead (WinogradConvolution.swift): 2.25× or 4× fewer multiplies in forward, input gradient
// and weight gradient.

public final class Conv2D: Layer {
    public let inputChannels: Int, outputChannels: Int
    public let kernelSize: Int, stride: Int, padding: Int, groups: Int
    public let weight: ParameterView
    public let bias: ParameterView?
    let store: ParameterStore

    /// Most floats of one thread's im2col scratch (a run of images is sized to stay under it).
    public var columnBudget = Conv2D.defaultColumnBudget
    /// Layers with at most this many output channels per group compute weight gradients transposed.
    static let transposedWeightGradientMaximum = 128
    /// The `columnBudget` of convolutions made from now on (a tuning knob for `recstats bench train`).
    nonisolated(unsafe) public static var defaultColumnBudget = 1 << 17

    /// How a convolution is computed.
    public enum Algorithm: String, Sendable, CaseIterable {
        /// Winograd where it applies and pays (`usesWinograd(for:)`), with the tile of fewest multiplies; im2col + GEMM otherwise.
        case automatic
        /// im2col + GEMM always.
        case im2col
        /// Winograd with the tile of fewest multiplies wherever it applies (3×3, stride 1, padding 1), whatever
        /// the channel counts; im2col elsewhere.
        case winograd
        /// Winograd F(2×2, 3×3) or F(4×4, 3×3) wherever it applies (tests, tuning); im2col elsewhere.
        case winogradF2 = "winograd-f2", winogradF4 = "winograd-f4"
    }
    /// This layer's algorithm (tests force either path; the benchmark compares them).
    public var algorithm = Conv2D.defaultAlgorithm
    /// The `algorithm` of convolutions made from now on.
    nonisolated(unsafe) public static var defaultAlgorithm = Algorithm.automatic

    public init(
        _ store: ParameterStore, name: String, inputChannels: Int, outputChannels: Int, kernelSize: Int,
        stride: Int = 1, padding: Int? = nil, groups: Int = 1, bias: Bool = false
    ) {
        precondition(inputChannels % groups == 0 && outputChannels % groups == 0,
                     "Conv2D \(name): \(inputChannels) input and \(outputChannels) output channels must divide by \(groups) groups")
        precondition(kernelSize >= 1 && stride >= 1, "Conv2D \(name): kernel \(kernelSize) and stride \(stride) must be positive")
        self.inputChannels = inputChannels; self.outputChannels = outputChannels
        self.kernelSize = kernelSize; self.stride = stride; self.padding = padding ?? kernelSize / 2
        self.groups = groups; self.store = store
        let fanIn = inputChannels / groups * kernelSize * kernelSize
        weight = store.add("\(name).weight", shape: [outputChannels, inputChannels / groups, kernelSize, kernelSize],
                           initializer: .pytorchDefault(fanIn: fanIn))
        self.bias = bias ? store.add("\(name).bias", shape: [outputChannels], initializer: .pytorchDefault(fanIn: fanIn)) : nil
    }

    /// Output shape for an input shape.
    public func outputShape(_ s: Shape) -> Shape {
        let oh = (s.h + 2 * padding - kernelSize) / stride + 1, ow = (s.w + 2 * padding - kernelSize) / stride + 1
        precondition(oh >= 1 && ow >= 1, "Conv2D: input \(s.h)×\(s.w) too small for kernel \(kernelSize) with padding \(padding)")
        return Shape(n: s.n, c: outputChannels, h: oh, w: ow)
    }

    /// MACs per image for an input of spatial size h×w.
    public func macsPerImage(height h: Int, width w: Int) -> Int {
        let o = outputShape(Shape(n: 1, c: inputChannels, h: h, w: w))
        return outputChannels * o.spatial * (inputChannels / groups) * kernelSize * kernelSize
    }

    private var isPointwise: Bool { kernelSize == 1 && stride == 1 && padding == 0 }

    /// How the work is cut: runs of `imagesPerRun` images, `runs` per group, units = groups × runs,
    /// thread t taking units t·U/T ..< (t+1)·U/T.
    private struct Plan {
        let g: ConvGeometry
        /// How im2col and col2im walk this geometry (nil for 1×1 stride-1 convs, which need no columns).
        let method: Im2col.Method?
        let imagesPerRun: Int, runs: Int, units: Int, threads: Int
        func images(_ run: Int) -> (n0: Int, count: Int) {
            let n0 = run * imagesPerRun
            return (n0, min(imagesPerRun, g.batch - n0))
        }
        func units(of t: Int) -> Range<Int> { (units * t / threads)..<(units * (t + 1) / threads) }
        var scratchPerThread: Int { g.rows * imagesPerRun * g.outSpatial }
        func im2col(_ x: UnsafePointer<Float>, n0: Int, nb: Int, col: UnsafeMutablePointer<Float>) {
            Im2col.forward(x, g, n0: n0, nb: nb, col: col, by: method!)
        }
        func col2im(_ dcol: UnsafeMutablePointer<Float>, n0: Int, nb: Int, dx: UnsafeMutablePointer<Float>) {
            Im2col.backward(dcol, g, n0: n0, nb: nb, dx: dx, by: method!)
        }
    }

    private func plan(_ s: Shape, _ o: Shape) -> Plan {
        let g = ConvGeometry(channels: inputChannels / groups, batch: s.n, height: s.h, width: s.w, kernel: kernelSize,
                             stride: stride, padding: padding, outHeight: o.h, outWidth: o.w)
        let threads = max(1, Parallel.threads)
        var per = max(1, min(s.n, columnBudget / max(1, g.rows * g.outSpatial)))
        // Enough runs that every thread has work when there is a single group.
        if groups < threads { per = min(per, max(1, (s.n + threads - 1) / threads)) }
        let runs = (s.n + per - 1) / per
        let units = groups * runs
        return Plan(g: g, method: isPointwise ? nil : Im2col.method(for: g), imagesPerRun: per, runs: runs, units: units, threads: min(threads, units))
    }

    public func forward(_ x: Tensor, _ tape: Tape) -> Tensor {
        let s = x.shape
        precondition(s.c == inputChannels, "Conv2D expected \(inputChannels) channels, got \(s.c)")
        if usesWinograd(for: s) { return winogradForward(x, tape) }
        let o = outputShape(s), y = tape.tensor(o), p = plan(s, o)
        let og = outputChannels / groups, rows = p.g.rows, ld = o.channelStride, os = o.spatial
        let w = store.value(weight), pointwise = isPointwise
        tape.countMACs(s.n * macsPerImage(height: s.h, width: s.w))
        // Training keeps every unit's col for backward while the tape's column budget lasts;
        // otherwise each thread refills one scratch col per unit, and backward redoes im2col.
        let kept = pointwise ? nil : tape.keptColumns(p.units * p.scratchPerThread)
        let scratch = pointwise || kept != nil ? nil : tape.scratch(p.threads * p.scratchPerThread)
        let timing = ThreadTiming(p.threads)
        Profile.time(.convolutionForward) {
            Parallel.run(p.threads) { t in
                var clock = timing.start()
                for unit in p.units(of: t) {
                    let gi = unit / p.runs, (n0, cnt) = p.images(unit % p.runs), cols = cnt * os
                    let xg = x.data + gi * p.g.channels * s.channelStride
                    let b: UnsafePointer<Float>, ldb: Int
                    if let col = kept.map({ $0 + unit * p.scratchPerThread }) ?? scratch.map({ $0 + t * p.scratchPerThread }) {
                        p.im2col(xg, n0: n0, nb: cnt, col: col)
                        timing.lap(t, 0, &clock)
                        b = UnsafePointer(col); ldb = cols
                    } else {
                        b = UnsafePointer(xg + n0 * os); ldb = ld
                    }
                    BLAS.sgemm(transposeA: false, transposeB: false, m: og, n: cols, k: rows, alpha: 1,
                               a: w + gi * og * rows, lda: rows, b: b, ldb: ldb, beta: 0,
                               c: y.data + gi * og * ld + n0 * os, ldc: ld)
                    timing.lap(t, 1, &clock)
                }
            }
        }
        timing.book([.threadIm2col, .threadGemmForward])
        addBias(y)
        tape.record { [self] in Profile.time(.convolutionBackward) { backward(x, y, p, kept, tape) } }
        return y
    }

    /// y += bias (per output channel), if the layer has one.
    func addBias(_ y: Tensor) {
        guard let bias else { return }
        let bv = store.value(bias), ld = y.shape.channelStride
        Parallel.forEach(outputChannels, cost: ld) { c in
            let q = y.data + c * ld, v = bv[c]
            for i in 0..<ld { q[i] += v }
        }
    }

    /// dBias += Σ dY over each output channel's run of ld values, if the layer has a bias.
    func addBiasGradient(_ dy: UnsafePointer<Float>, _ ld: Int) {
        guard let bias else { return }
        let db = store.gradient(bias)
        Parallel.forEach(outputChannels, cost: ld) { c in
            let q = dy + c * ld
            var acc: Float = 0
            for i in 0..<ld { acc += q[i] }
            db[c] += acc
        }
    }

    /// `kept`: forward's cols, unit u's at u·scratchPerThread (nil: recompute them).
    private func backward(_ x: Tensor, _ y: Tensor, _ p: Plan, _ kept: UnsafeMutablePointer<Float>?, _ tape: Tape) {
        guard let dy = y.gradient else { return }
        let s = x.shape, o = y.shape, og = outputChannels / groups, rows = p.g.rows, ld = o.channelStride, os = o.spatial
        let w = store.value(weight), dw = store.gradient(weight), target = tape.gradientForWriting(of: x)
        // A fresh dX is written, not accumulated: every (group, run of images) unit covers its own part.
        let dx = target?.pointer, fresh = target?.fresh ?? false
        addBiasGradient(dy, ld)
        let pointwise = isPointwise, wCount = weight.count
        // OpenBLAS runs the weight-gradient product faster as col · dYᵀ (R × Og) when Og is small
        // (measured on this machine's AVX-512 kernels); the partials are transposed when summed.
        let transposedPartial = og <= Conv2D.transposedWeightGradientMaximum
        // Per thread: col (unless kept) and dcol scratch (not for 1×1 stride 1), and a weight-gradient partial.
        let perThread = (pointwise ? 0 : (kept == nil ? 2 : 1) * p.scratchPerThread) + wCount
        let scratch = tape.scratch(p.threads * perThread)
        let timing = ThreadTiming(p.threads)
        Parallel.run(p.threads) { t in
            var clock = timing.start()
            let base = scratch + t * perThread
            let partial = base, col = base + wCount, dcol = kept == nil ? col + p.scratchPerThread : col
            partial.update(repeating: 0, count: wCount)
            for unit in p.units(of: t) {
                let gi = unit / p.runs, (n0, cnt) = p.images(unit % p.runs), cols = cnt * os
                let xg = x.data + gi * p.g.channels * s.channelStride
                let dyBlock = dy + gi * og * ld + n0 * os
                let b: UnsafePointer<Float>, ldb: Int
                if pointwise {
                    b = UnsafePointer(xg + n0 * os); ldb = ld
                } else if let kept {
                    b = UnsafePointer(kept + unit * p.scratchPerThread); ldb = cols
                } else {
                    p.im2col(xg, n0: n0, nb: cnt, col: col)
                    timing.lap(t, 0, &clock)
                    b = UnsafePointer(col); ldb = cols
                }
                if transposedPartial {
                    // dW_gᵀ (R × Og) += col (R × cols) · dY_blockᵀ (cols × Og): faster for narrow layers.
                    BLAS.sgemm(transposeA: false, transposeB: true, m: rows, n: og, k: cols, alpha: 1,
                               a: b, lda: ldb, b: dyBlock, ldb: ld, beta: 1, c: partial + gi * og * rows, ldc: og)
                } else {
                    // dW_g (Og × R) += dY_block (Og × cols) · colᵀ (cols × R)
                    BLAS.sgemm(transposeA: false, transposeB: true, m: og, n: rows, k: cols, alpha: 1,
                               a: dyBlock, lda: ld, b: b, ldb: ldb, beta: 1, c: partial + gi * og * rows, ldc: rows)
                }
                timing.lap(t, 1, &clock)
                guard let dx else { continue }
                let dxg = dx + gi * p.g.channels * s.channelStride
                if pointwise {
                    // dX_block (R × cols) += W_gᵀ (R × Og) · dY_block
                    BLAS.sgemm(transposeA: true, transposeB: false, m: rows, n: cols, k: og, alpha: 1,
                               a: w + gi * og * rows, lda: rows, b: dyBlock, ldb: ld, beta: fresh ? 0 : 1, c: dxg + n0 * os, ldc: ld)
                    timing.lap(t, 2, &clock)
                } else {
                    // dcol (R × cols) = W_gᵀ · dY_block, then col2im into this run's images of dX.
                    BLAS.sgemm(transposeA: true, transposeB: false, m: rows, n: cols, k: og, alpha: 1,
                               a: w + gi * og * rows, lda: rows, b: dyBlock, ldb: ld, beta: 0, c: dcol, ldc: cols)
                    timing.lap(t, 2, &clock)
                    if fresh {
                        // col2im adds up overlapping windows: zero this unit's images of the group first.
                        let image = s.h * s.w
                        for ci in 0..<p.g.channels {
                            (dxg + ci * s.channelStride + n0 * image).update(repeating: 0, count: cnt * image)
                        }
                    }
                    p.col2im(dcol, n0: n0, nb: cnt, dx: dxg)
                    timing.lap(t, 3, &clock)
                }
            }
        }
        timing.book([.threadIm2col, .threadGemmWeightGradient, .threadGemmInputGradient, .threadCol2im])
        for t in 0..<p.threads {
            let partial = scratch + t * perThread
            if transposedPartial {
                for gi in 0..<groups {
                    let src = partial + gi * og * rows, dst = dw + gi * og * rows
                    for o in 0..<og { for r in 0..<rows { dst[o * rows + r] += src[r * og + o] } }
                }
            } else {
                for i in 0..<wCount { dw[i] += partial[i] }
            }
        }
    }
}

/// Per-thread CPU-time stopwatch for `Profile` (no-ops when profiling is off): each thread adds laps to its
/// own row, rows are booked after the parallel section.
final class ThreadTiming {
    private let enabled = Profile.enabled
    private var laps: [Double]
    init(_ threads: Int) { laps = [Double](repeating: 0, count: enabled ? threads * 4 : 0) }
    @inline(__always) func start() -> Double { enabled ? Profile.threadCPUTime() : 0 }
    @inline(__always) func lap(_ t: Int, _ slot: Int, _ clock: inout Double) {
        guard enabled else { return }
        let now = Profile.threadCPUTime()
        laps.withUnsafeMutableBufferPointer { $0[t * 4 + slot] += now - clock }
        clock = now
    }
    func book(_ categories: [Profile.Category]) {
        guard enabled else { return }
        for t in 0..<(laps.count / 4) { for (slot, c) in categories.enumerated() { Profile.add(c, laps[t * 4 + slot]) } }
    }
}
