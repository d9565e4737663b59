// Batch normalisation over N·H·W per channel (PyTorch BatchNorm2d, affine, eps 1e-5, momentum 0.1).
// Training: batch mean and biased variance normalise; running_mean ← (1−m)·running_mean + m·mean,
// running_var ← (1−m)·running_var + m·var·M/(M−1) (unbiased, as PyTorch), M = N·H·W.
// Evaluation: running statistics. Legend: x, y are C × (N·H·W) in channel-major storage.

public final class BatchNorm2D: Layer {
    public let channels: Int
    public let epsilon: Float, momentum: Float
    public let weight: ParameterView, bias: ParameterView
    public let runningMean: ParameterView, runningVariance: ParameterView
    let store: ParameterStore

    public init(_ store: ParameterStore, name: String, channels: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
        self.channels = channels; self.epsilon = epsilon; self.momentum = momentum; self.store = store
        weight = store.add("\(name).weight", shape: [channels], initializer: .constant(1))
        bias = store.add("\(name).bias", shape: [channels], initializer: .constant(0))
        runningMean = store.addBuffer("\(name).running_mean", shape: [channels], value: 0)
        runningVariance = store.addBuffer("\(name).running_var", shape: [channels], value: 1)
    }

    public func forward(_ x: Tensor, _ tape: Tape) -> Tensor { forward(x, tape, relu: false) }

    /// BN, then ReLU if `relu` (fused: one pass over memory, one tensor instead of two).
    public func forward(_ x: Tensor, _ tape: Tape, relu: Bool) -> Tensor {
        Profile.time(.batchNorm) { normalize(x, tape, relu: relu) }
    }

    private func normalize(_ x: Tensor, _ tape: Tape, relu: Bool) -> Tensor {
        let s = x.shape
        precondition(s.c == channels, "BatchNorm2D expected \(channels) channels, got \(s.c)")
        let m = s.channelStride, y = tape.tensor(s)
        let gamma = store.value(weight), beta = store.value(bias)
        let rm = store.buffer(runningMean), rv = store.buffer(runningVariance)
        guard tape.isTraining else {
            Parallel.forEach(channels, cost: m) { c in
                let scale = gamma[c] / (rv[c] + epsilon).squareRoot(), shift = beta[c] - rm[c] * scale
                Self.affine(x.data + c * m, y.data + c * m, m, scale, shift, relu)
            }
            return y
        }
        // Per channel: mean and inverse std (saved for backward, 2·C floats).
        let stats = tape.scratch(2 * channels)
        let mom = momentum, eps = epsilon
        Parallel.forEach(channels, cost: m) { c in
            let p = x.data + c * m
            let mean = Reductions.sum(p, m) / Double(m)
            // Second pass around the mean (as Float), corrected for the rounding of the shift.
            let center = Float(mean), d = mean - Double(center)
            let variance = max(0, Reductions.sumOfSquares(p, m, shift: center) / Double(m) - d * d)
            let invStd = 1 / (variance + Double(eps)).squareRoot()
            stats[c] = Float(mean); stats[channels + c] = Float(invStd)
            let scale = gamma[c] * Float(invStd), shift = beta[c] - Float(mean) * scale
            Self.affine(p, y.data + c * m, m, scale, shift, relu)
            rm[c] = (1 - mom) * rm[c] + mom * Float(mean)
            let unbiased = m > 1 ? variance * Double(m) / Double(m - 1) : variance
            rv[c] = (1 - mom) * rv[c] + mom * Float(unbiased)
        }
        tape.record { [self] in Profile.time(.batchNormBackward) { backward(x, y, stats, relu, tape) } }
        return y
    }

    @inline(__always)
    static func affine(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ m: Int, _ scale: Float, _ shift: Float, _ relu: Bool) {
        if relu { for i in 0..<m { y[i] = max(0, x[i] * scale + shift) } }
        else { for i in 0..<m { y[i] = x[i] * scale + shift } }
    }

    // With x̂ = (x − mean)·invStd, dŷ = dy (masked by y > 0 when fused with ReLU):
    // dγ += Σ dŷ·x̂, dβ += Σ dŷ, dx += γ·invStd/M · (M·dŷ − Σdŷ − x̂·Σ dŷ·x̂) (assigned when it is x's
    // first gradient).
    private func backward(_ x: Tensor, _ y: Tensor, _ stats: UnsafeMutablePointer<Float>, _ relu: Bool, _ tape: Tape) {
        guard let dy = y.gradient else { return }
        let m = x.shape.channelStride, target = tape.gradientForWriting(of: x)
        let gamma = store.value(weight), dgamma = store.gradient(weight), dbeta = store.gradient(bias)
        Parallel.forEach(channels, cost: m) { c in
            let xp = x.data + c * m, yp = y.data + c * m, g = dy + c * m
            let mean = stats[c], invStd = stats[channels + c]
            let (sg, sgx) = Reductions.gradientSums(g, xp, m, shift: mean, mask: relu ? UnsafePointer(yp) : nil)
            let sumG = Float(sg), sumGX = Float(sgx) * invStd
            dgamma[c] += sumGX
            dbeta[c] += sumG
            guard let (dx, fresh) = target else { return }
            let d = dx + c * m, k = gamma[c] * invStd, meanG = sumG / Float(m), meanGX = sumGX / Float(m)
            // dx_i = k·dŷ_i + b·(x_i − mean) + e with b = −k·invStd·meanGX, e = −k·meanG.
            let b = -k * invStd * meanGX, e = -k * meanG
            switch (relu, fresh) {
            case (true, true): for i in 0..<m { d[i] = k * reluGate(yp[i], g[i]) + b * (xp[i] - mean) + e }
            case (true, false): for i in 0..<m { d[i] += k * reluGate(yp[i], g[i]) + b * (xp[i] - mean) + e }
            case (false, true): for i in 0..<m { d[i] = k * g[i] + b * (xp[i] - mean) + e }
            case (false, false): for i in 0..<m { d[i] += k * g[i] + b * (xp[i] - mean) + e }
            }
        }
    }
}
