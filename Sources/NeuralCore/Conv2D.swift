// 2-D convolution (PyTorch Conv2d: cross-correlation, zero padding, groups) as im2col + one GEMM per
// group over a run of images. Legend: N batch, Cin/Cout channels, G groups, Cg = Cin/G, Og = Cout/G,
// K kernel, H×W input, OH×OW output. Weight Cout × Cg × K × K; bias Cout.
// Storage is channel-major, so Y_g (Og × N·OH·OW) = W_g (Og × Cg·K·K) · col_g (Cg·K·K × N·OH·OW);
// a run of images is a column block of Y_g (ldc = N·OH·OW). 1×1 stride-1 convs use x itself as col.

public final class Conv2D: Layer {
    public let inputChannels: Int, outputChannels: Int
    public let kernelSize: Int, stride: Int, padding: Int, groups: Int
    public let weight: ParameterView
    public let bias: ParameterView?
    let store: ParameterStore

    /// Most floats of im2col scratch per GEMM (a run of images is sized to stay under it).
    public var columnBudget = 1 << 22

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

    private func geometry(_ s: Shape, _ o: Shape) -> ConvGeometry {
        ConvGeometry(channels: inputChannels / groups, batch: s.n, height: s.h, width: s.w, kernel: kernelSize,
                     stride: stride, padding: padding, outHeight: o.h, outWidth: o.w)
    }

    /// Images per GEMM so that the im2col scratch stays under `columnBudget` floats.
    private func run(_ g: ConvGeometry) -> Int {
        max(1, min(g.batch, columnBudget / max(1, g.rows * g.outSpatial)))
    }

    public func forward(_ x: Tensor, _ tape: Tape) -> Tensor {
        let s = x.shape
        precondition(s.c == inputChannels, "Conv2D expected \(inputChannels) channels, got \(s.c)")
        let o = outputShape(s), y = tape.tensor(o), g = geometry(s, o)
        let og = outputChannels / groups, rows = g.rows, ld = o.channelStride
        let w = store.value(weight)
        tape.countMACs(s.n * macsPerImage(height: s.h, width: s.w))
        if isPointwise {
            for gi in 0..<groups {
                BLAS.sgemm(transposeA: false, transposeB: false, m: og, n: ld, k: rows, alpha: 1,
                           a: w + gi * og * rows, lda: rows, b: x.data + gi * rows * ld, ldb: ld, beta: 0,
                           c: y.data + gi * og * ld, ldc: ld)
            }
        } else {
            let nb = run(g), col = tape.scratch(rows * nb * o.spatial)
            for gi in 0..<groups {
                var n0 = 0
                while n0 < s.n {
                    let cnt = min(nb, s.n - n0), cols = cnt * o.spatial
                    Im2col.forward(x.data + gi * g.channels * s.channelStride, g, n0: n0, nb: cnt, col: col)
                    BLAS.sgemm(transposeA: false, transposeB: false, m: og, n: cols, k: rows, alpha: 1,
                               a: w + gi * og * rows, lda: rows, b: col, ldb: cols, beta: 0,
                               c: y.data + gi * og * ld + n0 * o.spatial, ldc: ld)
                    n0 += cnt
                }
            }
        }
        if let bias {
            let b = store.value(bias)
            Parallel.forEach(outputChannels, cost: ld) { c in
                let p = y.data + c * ld, v = b[c]
                for i in 0..<ld { p[i] += v }
            }
        }
        tape.record { [self] in backward(x, y, g, tape) }
        return y
    }

    private func backward(_ x: Tensor, _ y: Tensor, _ g: ConvGeometry, _ tape: Tape) {
        guard let dy = y.gradient else { return }
        let s = x.shape, o = y.shape, og = outputChannels / groups, rows = g.rows, ld = o.channelStride
        let w = store.value(weight), dw = store.gradient(weight), dx = tape.gradient(of: x)
        if let bias {
            let db = store.gradient(bias)
            Parallel.forEach(outputChannels, cost: ld) { c in
                let p = dy + c * ld
                var acc: Float = 0
                for i in 0..<ld { acc += p[i] }
                db[c] += acc
            }
        }
        if isPointwise {
            for gi in 0..<groups {
                // dW_g += dY_g · X_gᵀ ; dX_g += W_gᵀ · dY_g
                BLAS.sgemm(transposeA: false, transposeB: true, m: og, n: rows, k: ld, alpha: 1,
                           a: dy + gi * og * ld, lda: ld, b: x.data + gi * rows * ld, ldb: ld, beta: 1,
                           c: dw + gi * og * rows, ldc: rows)
                if let dx {
                    BLAS.sgemm(transposeA: true, transposeB: false, m: rows, n: ld, k: og, alpha: 1,
                               a: w + gi * og * rows, lda: rows, b: dy + gi * og * ld, ldb: ld, beta: 1,
                               c: dx + gi * rows * ld, ldc: ld)
                }
            }
            return
        }
        let nb = run(g), col = tape.scratch(rows * nb * o.spatial)
        let dcol = dx == nil ? col : tape.scratch(rows * nb * o.spatial)
        for gi in 0..<groups {
            let xg = gi * g.channels * s.channelStride
            var n0 = 0
            while n0 < s.n {
                let cnt = min(nb, s.n - n0), cols = cnt * o.spatial
                let dyBlock = dy + gi * og * ld + n0 * o.spatial
                Im2col.forward(x.data + xg, g, n0: n0, nb: cnt, col: col)
                // dW_g (Og × rows) += dY_block (Og × cols) · colᵀ (cols × rows)
                BLAS.sgemm(transposeA: false, transposeB: true, m: og, n: rows, k: cols, alpha: 1,
                           a: dyBlock, lda: ld, b: col, ldb: cols, beta: 1, c: dw + gi * og * rows, ldc: rows)
                if let dx {
                    // dcol (rows × cols) = W_gᵀ (rows × Og) · dY_block (Og × cols), then col2im into dX.
                    BLAS.sgemm(transposeA: true, transposeB: false, m: rows, n: cols, k: og, alpha: 1,
                               a: w + gi * og * rows, lda: rows, b: dyBlock, ldb: ld, beta: 0, c: dcol, ldc: cols)
                    Im2col.backward(dcol, g, n0: n0, nb: cnt, dx: dx + xg)
                }
                n0 += cnt
            }
        }
    }
}
