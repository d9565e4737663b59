// Fully connected layer (PyTorch Linear): y = W·x + b per sample. Legend: In, Out features, N batch.
// In channel-major storage an N×In×1×1 tensor is the matrix X (In × N), so Y (Out × N) = W (Out × In) · X.

public final class Linear: Layer {
    public let inputFeatures: Int, outputFeatures: Int
    public let weight: ParameterView
    public let bias: ParameterView?
    let store: ParameterStore

    public init(_ store: ParameterStore, name: String, inputFeatures: Int, outputFeatures: Int, bias: Bool = true) {
        self.inputFeatures = inputFeatures; self.outputFeatures = outputFeatures; self.store = store
        weight = store.add("\(name).weight", shape: [outputFeatures, inputFeatures], initializer: .pytorchDefault(fanIn: inputFeatures))
        self.bias = bias ? store.add("\(name).bias", shape: [outputFeatures], initializer: .pytorchDefault(fanIn: inputFeatures)) : nil
    }

    /// MACs per sample.
    public var macsPerSample: Int { inputFeatures * outputFeatures }

    /// x: N×In×1×1 → y: N×Out×1×1.
    public func forward(_ x: Tensor, _ tape: Tape) -> Tensor {
        let s = x.shape
        precondition(s.c == inputFeatures && s.spatial == 1,
                     "Linear expected N×\(inputFeatures)×1×1 (pool first), got \(s)")
        let n = s.n, y = tape.tensor(Shape(n: n, c: outputFeatures))
        let w = store.value(weight)
        tape.countMACs(n * macsPerSample)
        BLAS.sgemm(transposeA: false, transposeB: false, m: outputFeatures, n: n, k: inputFeatures, alpha: 1,
                   a: w, lda: inputFeatures, b: x.data, ldb: n, beta: 0, c: y.data, ldc: n)
        if let bias {
            let b = store.value(bias)
            for o in 0..<outputFeatures { for j in 0..<n { y.data[o * n + j] += b[o] } }
        }
        tape.record { [self] in
            guard let dy = y.gradient else { return }
            // dW (Out × In) += dY (Out × N) · Xᵀ ; dX (In × N) += Wᵀ · dY ; db += Σ_n dY
            BLAS.sgemm(transposeA: false, transposeB: true, m: outputFeatures, n: inputFeatures, k: n, alpha: 1,
                       a: dy, lda: n, b: x.data, ldb: n, beta: 1, c: store.gradient(weight), ldc: inputFeatures)
            if let dx = tape.gradient(of: x) {
                BLAS.sgemm(transposeA: true, transposeB: false, m: inputFeatures, n: n, k: outputFeatures, alpha: 1,
                           a: store.value(weight), lda: inputFeatures, b: dy, ldb: n, beta: 1, c: dx, ldc: n)
            }
            if let bias {
                let db = store.gradient(bias)
                for o in 0..<outputFeatures { var acc: Float = 0; for j in 0..<n { acc += dy[o * n + j] }; db[o] += acc }
            }
        }
        return y
    }
}
